import { shorten } from './shorten.ts';

// The spec's server name (appendices, "Server Name"): a DNS name, a dotted-quad
// IPv4 literal or a bracketed IPv6 literal, then an optional port of up to five
// digits. The spec caps a DNS name at 255 characters; DNS itself caps a label
// at 63 (RFC 1035), so a longer one can never resolve.
const maxNameLength = 255;
const maxLabelLength = 63;
const maxPort = 65535;
const shape = /^(\[[^\]]*\]|[^:[\]]*)(?::(.*))?$/s;
const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const dottedQuad = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ipv6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

/** How the browser's URL parser reads a host, or null when it refuses it. */
function parsedHost(host: string): string | null {
	try {
		return new URL(`https://${host}/`).hostname;
	} catch {
		return null;
	}
}

function dnsNameProblem(name: string): string | null {
	const characters = 'letters, digits, "-" and "." only, then an optional :port';
	if (name === '') return 'the name before the port is empty';
	if (name.length > maxNameLength) return `the name is longer than ${maxNameLength} characters`;
	for (const part of name.split('.')) {
		if (part.length > maxLabelLength) {
			return `its part "${shorten(part, 24)}" is longer than ${maxLabelLength} characters`;
		}
		if (part === '') return `"${shorten(name, 40)}" has an empty part between dots`;
		if (!label.test(part)) {
			return `"${shorten(name, 40)}" has a character not allowed here (${characters})`;
		}
	}
	// A name ending in a number is an IPv4 address to a URL parser, which
	// rewrites or refuses it ("1.2.3" becomes 1.2.0.3): only a plain one is kept.
	if (parsedHost(name) === name.toLowerCase()) return null;
	if (dottedQuad.test(name)) {
		return `${shorten(name, 60)} is not a valid IPv4 address (four numbers from 0 to 255, no leading zeros)`;
	}
	if (/(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i.test(name)) {
		return `${shorten(name, 60)} ends in a number, so it is read as an IPv4 address; write one in full, like 127.0.0.1`;
	}
	return `${shorten(name, 60)} is not a valid DNS name`;
}

function portProblem(port: string): string | null {
	if (!/^\d{1,5}$/.test(port)) return `":${shorten(port, 12)}" is not a port number`;
	// 0 is grammatical and a URL may carry it; blocked-port.ts says why a browser cannot use it.
	if (Number(port) > maxPort) return `port ${port} is out of range: ports go up to ${maxPort}`;
	return null;
}

/**
 * Why text is not a server name (`example.org`, `localhost:8008`, `[::1]:8448`),
 * in words that can follow `"…" is not a server name: `; null when it is one.
 */
export function serverNameProblem(text: string): string | null {
	const parts = shape.exec(text);
	const host = parts?.[1];
	if (host === undefined) {
		return `"${shorten(text, 40)}" is not a name and an optional :port, like example.org:8448`;
	}
	const port = parts?.[2];
	const hostProblem = host.startsWith('[')
		? ipv6.test(host) && parsedHost(host) !== null
			? null
			: `${shorten(host, 50)} is not a valid IPv6 address`
		: dnsNameProblem(host);
	return hostProblem ?? (port === undefined ? null : portProblem(port));
}

/** Whether text is a server name: `example.org`, `localhost:8008`, `[::1]:8448`. */
export function isServerName(text: string): boolean {
	return serverNameProblem(text) === null;
}
