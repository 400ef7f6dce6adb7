import { sendRequest, type ExchangeResult, type FetchLike } from '../../matrix/send-request.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { sendWithRetry } from './retry.ts';
import { SmokeStop } from './smoke-stop.ts';

/**
 * A GET the run makes before the guide's steps (discovery, versions, login
 * flows), waiting out rate limits like the steps do. No answer at all stops
 * the run, with the network failure named.
 */
export async function probe(
	url: string,
	fetcher: FetchLike,
	headers: Readonly<Record<string, string>> = {},
): Promise<ExchangeResult> {
	const request = { method: 'GET', url, readableUrl: url, headers, body: null, generated: {} };
	try {
		return (await sendWithRetry(() => sendRequest(request, fetcher))).exchange;
	} catch (error) {
		throw new SmokeStop(explainNetworkError(error).sentence, { cause: error });
	}
}

/** `errcode: error` of a Matrix error answer, or the HTTP status text. */
export function describeAnswer(exchange: ExchangeResult): string {
	const json = exchange.json as { errcode?: unknown; error?: unknown } | undefined;
	const errcode = typeof json?.errcode === 'string' ? json.errcode : null;
	const error = typeof json?.error === 'string' ? json.error : null;
	const detail = [errcode, error === null ? null : JSON.stringify(error)].filter(Boolean);
	const words = detail.length > 0 ? detail.join(' ') : exchange.statusText;
	return words ? `HTTP ${exchange.status} ${words}` : `HTTP ${exchange.status}`;
}
