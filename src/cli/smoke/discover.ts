import { normalizeBaseUrl } from '../../matrix/build-request.ts';
import { isServerName, readWellKnown, wellKnownUrl } from '../../matrix/well-known.ts';
import { UsageError } from '../usage-error.ts';
import { describeAnswer, probe, type Sender } from './probe.ts';
import { SmokeStop } from './smoke-stop.ts';

/** What the command was pointed at: a base URL, or a server name to discover it from. */
export type Target =
	| { readonly kind: 'base-url'; readonly baseUrl: string }
	| { readonly kind: 'server-name'; readonly serverName: string };

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
	if (!isServerName(value)) {
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
export async function discoverBaseUrl(serverName: string, sender: Sender): Promise<Discovered> {
	const wellKnown = wellKnownUrl(serverName);
	const answer = await probe(wellKnown, sender);
	const found = readWellKnown(serverName, answer);
	if (found.kind === 'absent') {
		return {
			baseUrl: found.baseUrl,
			how: `no ${wellKnown} (404), so the server name itself: ${found.baseUrl}`,
		};
	}
	if (found.kind === 'broken') {
		// The status alone says little; the errcode and message say more.
		const problem = answer.status === 200 ? found.problem : `answered ${describeAnswer(answer)}`;
		throw new SmokeStop(
			`Discovery failed: ${wellKnown} ${problem}. Fix that file, or give the base URL ` +
				'instead of the server name.',
		);
	}
	return { baseUrl: found.baseUrl, how: `${wellKnown} points to ${found.baseUrl}` };
}
