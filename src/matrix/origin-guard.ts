/**
 * A token may only go to the homeserver that issued it. Returns a sentence
 * saying why the request must not be sent, or null when it is safe.
 */
export function tokenDestinationProblem(
	requestUrl: string,
	baseUrl: string,
	headers: Readonly<Record<string, string>>,
): string | null {
	const carriesToken = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
	if (!carriesToken) return null;
	let target: URL;
	let home: URL;
	try {
		target = new URL(requestUrl);
		home = new URL(baseUrl);
	} catch {
		return `"${baseUrl}" is not a valid homeserver URL, so no token is sent.`;
	}
	if (target.origin !== home.origin || !target.pathname.startsWith(home.pathname)) {
		return `This request goes to ${target.origin}, but its token belongs to ${home.origin}; it was not sent.`;
	}
	return null;
}
