import { normalizeBaseUrl } from './build-request.ts';
import { readPath } from './json-path.ts';
import type { ExchangeResult } from './send-request.ts';
import { shorten } from './shorten.ts';

// The server name rules live with their limits; the CLI imports them from here too.
export { isServerName } from './server-name.ts';

/** The URL a server name's client discovery reads. */
export function wellKnownUrl(serverName: string): string {
	return `https://${serverName}/.well-known/matrix/client`;
}

/**
 * What `/.well-known/matrix/client` says, by the spec's rules: `absent` (404,
 * IGNORE: the server name itself is tried), `found`, or `broken` (FAIL_PROMPT
 * or FAIL_ERROR), with the problem in words that follow the file's URL.
 */
export type WellKnown =
	| { readonly kind: 'found'; readonly baseUrl: string }
	| { readonly kind: 'absent'; readonly baseUrl: string }
	| { readonly kind: 'broken'; readonly problem: string };

/** Reads the answer to a `/.well-known/matrix/client` request. */
export function readWellKnown(serverName: string, answer: ExchangeResult): WellKnown {
	if (answer.status === 404) return { kind: 'absent', baseUrl: `https://${serverName}` };
	if (answer.status !== 200) return { kind: 'broken', problem: `answered HTTP ${answer.status}` };
	if (answer.text.trim() === '') return { kind: 'broken', problem: 'is empty' };
	if (answer.json === null || typeof answer.json !== 'object' || Array.isArray(answer.json)) {
		return { kind: 'broken', problem: 'is not a JSON object' };
	}
	const baseUrl = readPath(answer.json, ['m.homeserver', 'base_url']);
	if (typeof baseUrl !== 'string') {
		return { kind: 'broken', problem: 'has no "m.homeserver": {"base_url": …}' };
	}
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return {
			kind: 'broken',
			problem: `gives "${shorten(baseUrl)}" as base_url, which is not a URL`,
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return {
			kind: 'broken',
			problem: `gives "${shorten(baseUrl)}" as base_url, which is not an http(s) URL`,
		};
	}
	return { kind: 'found', baseUrl: normalizeBaseUrl(url.href) };
}
