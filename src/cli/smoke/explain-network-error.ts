import { blockedPortOf, blockedPortSentence } from '../../matrix/blocked-port.ts';
import { NetworkError } from '../../matrix/send-request.ts';

/** The kinds of failure that keep a request from getting any answer. */
export type NetworkFailure =
	'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'unreachable' | 'cancelled' | 'unknown';

/** What went wrong, in a word for machines and a sentence for people. */
export interface NetworkExplanation {
	readonly kind: NetworkFailure;
	readonly sentence: string;
}

interface Cause {
	readonly code: string;
	readonly message: string;
	readonly hostname: string | undefined;
}

// undici wraps the socket's error in `TypeError: fetch failed`, and a name with
// several addresses fails as an AggregateError; the code sits somewhere below.
function causesOf(error: unknown, depth = 0): Cause[] {
	if (depth > 8 || error === null || typeof error !== 'object') return [];
	const item = error as { code?: unknown; message?: unknown; hostname?: unknown; name?: unknown };
	// The whole-exchange deadline aborts with a DOMException named TimeoutError.
	const named = item.name === 'TimeoutError' ? 'TimeoutError' : '';
	const own: Cause = {
		code: typeof item.code === 'string' ? item.code : named,
		message: typeof item.message === 'string' ? item.message : '',
		hostname: typeof item.hostname === 'string' ? item.hostname : undefined,
	};
	const nested = (error as { errors?: unknown }).errors;
	const inner = Array.isArray(nested) ? nested.flatMap((e) => causesOf(e, depth + 1)) : [];
	return [own, ...inner, ...causesOf((error as { cause?: unknown }).cause, depth + 1)];
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const timeoutCodes = new Set([
	'TimeoutError',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'ETIMEDOUT',
]);
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const unreachableCodes = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const isTls = (code: string) =>
	code.startsWith('ERR_SSL_') ||
	code.startsWith('ERR_TLS_') ||
	code.includes('CERT') ||
	code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

const slower = 'raise the limit with --timeout if the server is slow';

function timeoutSentence(code: string, host: string): string {
	switch (code) {
		case 'UND_ERR_CONNECT_TIMEOUT':
			return (
				`timed out connecting to ${host} (${code}): the address may be filtered by a ` +
				`firewall, or the server is down; ${slower}`
			);
		case 'UND_ERR_BODY_TIMEOUT':
			return `timed out reading the answer's body from ${host} (${code}); ${slower}`;
		default:
			return `timed out waiting for ${host} to answer (${code}); ${slower}`;
	}
}

function tlsSentence(cause: Cause, host: string): string {
	const failed = `TLS failed with ${host} (${cause.code})`;
	if (cause.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || cause.code.includes('PACKET_LENGTH')) {
		return (
			`${failed}: it answers without TLS. If it speaks plain HTTP, give its base URL ` +
			`with http://, e.g. http://${host}`
		);
	}
	if (cause.code.includes('CERT') || cause.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
		const reasons = 'expired, self-signed, or for another name';
		return `${failed}: its certificate is not trusted (${reasons})`;
	}
	return failed;
}

/**
 * Names what kept a request from being answered (refused, DNS, TLS, timeout),
 * instead of undici's bare "fetch failed". Works on any error with `cause`s.
 */
export function explainNetworkError(error: unknown): NetworkExplanation {
	const request = error instanceof NetworkError ? `${error.method} ${error.url}` : 'The request';
	const host = error instanceof NetworkError ? hostOf(error.url) : 'the server';
	const say = (kind: NetworkFailure, detail: string): NetworkExplanation => ({
		kind,
		sentence: `${request}: ${detail}.`,
	});
	if (error instanceof NetworkError && error.aborted) return say('cancelled', 'cancelled');

	const causes = causesOf(error);
	const find = (test: (code: string) => boolean) => causes.find((c) => test(c.code));
	const refused = find((code) => code === 'ECONNREFUSED');
	if (refused) {
		return say(
			'refused',
			`connection refused: nothing is listening on ${host}. ` +
				'Check the address and port, and that the homeserver is running',
		);
	}
	const dns = find((code) => dnsCodes.has(code));
	if (dns) {
		const name = dns.hostname ?? host;
		const detail =
			dns.code === 'EAI_AGAIN'
				? `DNS lookup of "${name}" failed for now (EAI_AGAIN); check the network, try again`
				: `DNS lookup failed: the name "${name}" does not resolve (${dns.code}); check it`;
		return say('dns', detail);
	}
	const tls = find(isTls);
	if (tls) return say('tls', tlsSentence(tls, host));
	const timeout = find((code) => timeoutCodes.has(code));
	if (timeout) return say('timeout', timeoutSentence(timeout.code, host));
	const unreachable = find((code) => unreachableCodes.has(code));
	if (unreachable) {
		return say('unreachable', `${host} cannot be reached from here (${unreachable.code})`);
	}
	const reset = find((code) => resetCodes.has(code));
	if (reset) {
		return say(
			'reset',
			`the connection to ${host} closed before the answer was complete (${reset.code})`,
		);
	}
	// The Fetch standard blocks some ports (9, 25, 6000 and others) outright;
	// undici says only "bad port", before any connection is tried.
	const blocked = error instanceof NetworkError ? blockedPortOf(error.url) : null;
	if (blocked !== null && causes.some((c) => c.message === 'bad port')) {
		return say('unreachable', blockedPortSentence(blocked));
	}
	const deepest = causes.findLast((c) => c.message !== '');
	return say('unknown', `no answer (${deepest?.message ?? 'unknown network error'})`);
}
