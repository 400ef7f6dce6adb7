// The ports the Fetch standard ("port blocking") forbids for http(s): browsers
// and undici refuse them before connecting, to keep web pages from talking to
// mail, IRC, SIP and similar services. A homeserver there cannot be used from
// the guide's pages at all, so it is better said up front than as "no answer".
// Port 0 is not on that list, nor on undici's, but browsers refuse it too
// (Chromium: ERR_UNSAFE_PORT); undici tries it and gets ECONNREFUSED.
const blockedPorts = new Set([
	0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
	103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
	512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
	995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
	6669, 6679, 6697, 10080,
]);

/** The port of an http(s) URL when fetch refuses to use it; null otherwise. */
export function blockedPortOf(url: string): number | null {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return null;
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
	const port = Number(parsed.port);
	return parsed.port !== '' && blockedPorts.has(port) ? port : null;
}

/** Why a homeserver on a blocked port cannot be used, and what to do. */
export function blockedPortSentence(port: number): string {
	if (port === 0) {
		return (
			'port 0 is one that browsers refuse to connect to; a server asked for port 0 listens ' +
			'on a free port the system picks, so use the port it printed when it started'
		);
	}
	return (
		`port ${port} is one that browsers and fetch refuse to connect to (the Fetch standard's ` +
		'blocked ports, kept for mail, IRC and the like); run the homeserver on another port, such as 8008'
	);
}
