import type { BuiltRequest } from '../../matrix/build-request.ts';
import type { ExchangeResult, FetchLike } from '../../matrix/send-request.ts';
import type { Logger } from '../../node/logger.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { sendLogged } from './send-logged.ts';
import { SmokeStop } from './smoke-stop.ts';

/** What the requests before the guide's steps go through, and where they are logged. */
export interface Sender {
	readonly fetch: FetchLike;
	/** Gets `-->` / `<--` lines at debug level, as the steps' requests do. */
	readonly logger: Logger;
}

/**
 * Sends a request the run makes before the guide's steps, waiting out rate
 * limits and logging it like the steps do. No answer at all stops the run,
 * with the network failure named.
 */
export async function sendBeforeSteps(
	request: BuiltRequest,
	sender: Sender,
): Promise<ExchangeResult> {
	try {
		return (await sendLogged(request, sender.fetch, sender.logger)).exchange;
	} catch (error) {
		throw new SmokeStop(explainNetworkError(error).sentence, { cause: error });
	}
}

/** A GET before the guide's steps: discovery, versions, login flows, whoami. */
export function probe(
	url: string,
	sender: Sender,
	headers: Readonly<Record<string, string>> = {},
): Promise<ExchangeResult> {
	const request = { method: 'GET', url, readableUrl: url, headers, body: null, generated: {} };
	return sendBeforeSteps(request, sender);
}

// A server's sentence cut to its first sentence, or to `limit` characters at a word.
function shorten(text: string, limit: number): string {
	if (text.length <= limit) return text;
	const sentence = /^.*?[.!?](?=\s)/.exec(text)?.[0];
	if (sentence !== undefined && sentence.length <= limit) return sentence;
	const cut = text.slice(0, limit);
	return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : limit)}…`;
}

/**
 * `errcode: error` of a Matrix error answer, or the HTTP status text. With
 * `errorLimit`, a long `error` is cut short, for a message that quotes it once.
 */
export function describeAnswer(exchange: ExchangeResult, errorLimit = Infinity): string {
	const json = exchange.json as { errcode?: unknown; error?: unknown } | undefined;
	const errcode = typeof json?.errcode === 'string' ? json.errcode : null;
	const error = typeof json?.error === 'string' ? shorten(json.error, errorLimit) : null;
	const detail = [errcode, error === null ? null : JSON.stringify(error)].filter(Boolean);
	const words = detail.length > 0 ? detail.join(' ') : exchange.statusText;
	return words ? `HTTP ${exchange.status} ${words}` : `HTTP ${exchange.status}`;
}
