import { serverNameProblem } from './server-name.ts';

type Read = { readonly url: URL } | { readonly problem: string };

// The authority of an http(s) URL the URL parser refused, to say what is wrong with it.
function authorityProblem(text: string): string {
	const authority = /^https?:\/*([^/?#\\]*)/i.exec(text)?.[1];
	const hostAndPort = authority?.slice(authority.lastIndexOf('@') + 1);
	const problem = hostAndPort === undefined ? null : serverNameProblem(hostAndPort);
	return problem ?? 'it is not a valid URL';
}

function read(input: string): Read {
	const text = input.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: /^https?:/i.test(text) ? authorityProblem(text) : 'it is not a URL' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { problem: `it starts with "${url.protocol}", not http:// or https://` };
	}
	if (url.username !== '' || url.password !== '') {
		return { problem: 'it holds a user name or password, which a base URL never does' };
	}
	const hostProblem = serverNameProblem(url.hostname);
	return hostProblem === null ? { url } : { problem: hostProblem };
}

/**
 * Why input is not a plain http(s) base URL, in words that can follow
 * `"…" is not a homeserver URL: `; null when it is one.
 */
export function homeserverUrlProblem(input: string): string | null {
	const result = read(input);
	return 'problem' in result ? result.problem : null;
}

/**
 * Makes `http://Example.org:8008/` and `http://example.org:8008` one key, and
 * drops a pasted `/_matrix/...` tail. Returns null for anything that is not a
 * plain http(s) base URL, before any request is made to it.
 */
export function normalizeHomeserver(input: string): string | null {
	const result = read(input);
	if ('problem' in result) return null;
	const path = result.url.pathname.replace(/\/_matrix(\/.*)?$/, '').replace(/\/+$/, '');
	return `${result.url.origin}${path}`;
}
