import { normalizeBaseUrl } from '../../matrix/build-request.ts';
import { readPath } from '../../matrix/json-path.ts';
import type { FetchLike } from '../../matrix/send-request.ts';
import { UsageError } from '../usage-error.ts';
import { describeAnswer, probe } from './probe.ts';
import { SmokeStop } from './smoke-stop.ts';

/** What the command was pointed at: a base URL, or a server name to discover it from. */
export type Target =
	| { readonly kind: 'base-url'; readonly baseUrl: string }
	| { readonly kind: 'server-name'; readonly serverName: string };

// The spec's server name grammar: a DNS name, IPv4 or [IPv6] literal, optional port.
const label = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const serverNamePattern = new RegExp(
	`^(?:${label}(?:\\.${label})*|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?$`,
);

/** Reads the command's argument: `http(s)://…` is a base URL, anything else a server name. */
export function parseTarget(text: string): Target {
	const value = text.trim();
	if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
		let url: URL;
		try {
			url = new URL(value);
		} catch {
			throw new UsageError(`"${value}" is not a valid URL.`);
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new UsageError(`"${value}" is not an http:// or https:// URL.`);
		}
		if (url.pathname.includes('/_matrix')) {
			throw new UsageError(
				`"${value}" goes into the API; give the base URL, the part before /_matrix.`,
			);
		}
		if (url.search || url.hash || url.username || url.password) {
			throw new UsageError(`A base URL has no query, fragment or credentials: "${value}".`);
		}
		return { kind: 'base-url', baseUrl: normalizeBaseUrl(url.href) };
	}
	if (!serverNamePattern.test(value)) {
		throw new UsageError(
			`"${value}" is neither a server name (like example.org) nor a base URL ` +
				'(like https://matrix.example.org).',
		);
	}
	return { kind: 'server-name', serverName: value.toLowerCase() };
}

/** The base URL discovery found, and a sentence on how. */
export interface Discovered {
	readonly baseUrl: string;
	readonly how: string;
}

/**
 * Finds a server name's base URL through `/.well-known/matrix/client`, by the
 * spec's rules: 404 falls back to `https://<name>`; any other failure stops
 * (the spec's FAIL_PROMPT and FAIL_ERROR), since guessing would test the
 * wrong server. The caller then validates the URL with `/versions`.
 */
export async function discoverBaseUrl(serverName: string, fetcher: FetchLike): Promise<Discovered> {
	const wellKnown = `https://${serverName}/.well-known/matrix/client`;
	const answer = await probe(wellKnown, fetcher);
	const stop = (problem: string) =>
		new SmokeStop(
			`Discovery failed: ${wellKnown} ${problem}. Fix that file, or give the base URL ` +
				'instead of the server name.',
		);

	if (answer.status === 404) {
		const baseUrl = `https://${serverName}`;
		return { baseUrl, how: `no ${wellKnown} (404), so the server name itself: ${baseUrl}` };
	}
	if (answer.status !== 200) throw stop(`answered ${describeAnswer(answer)}`);
	if (answer.text.trim() === '') throw stop('is empty');
	if (answer.json === null || typeof answer.json !== 'object' || Array.isArray(answer.json)) {
		throw stop('is not a JSON object');
	}
	const baseUrl = readPath(answer.json, ['m.homeserver', 'base_url']);
	if (typeof baseUrl !== 'string') throw stop('has no "m.homeserver": {"base_url": …}');
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		throw stop(`gives "${baseUrl}" as base_url, which is not a URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw stop(`gives "${baseUrl}" as base_url, which is not an http(s) URL`);
	}
	const found = normalizeBaseUrl(url.href);
	return { baseUrl: found, how: `${wellKnown} points to ${found}` };
}
