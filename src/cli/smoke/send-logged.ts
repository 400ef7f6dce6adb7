import type { BuiltRequest } from '../../matrix/build-request.ts';
import { sendRequest, type FetchLike } from '../../matrix/send-request.ts';
import type { Logger } from '../../node/logger.ts';
import { sendWithRetry, type RetriedExchange, type RetryPolicy } from './retry.ts';

/** What else a logged send may take. */
export interface SendOptions {
	readonly retry?: RetryPolicy | undefined;
	readonly signal?: AbortSignal | undefined;
}

/**
 * Sends one request, waiting out rate limits, and logs each attempt at debug
 * level: a `-->` line as it goes, a `<--` line with status and time as its
 * answer comes. The URL is the only part shown: tokens travel in headers and
 * passwords in bodies, never in URLs.
 */
export function sendLogged(
	request: BuiltRequest,
	fetcher: FetchLike,
	logger: Logger,
	{ retry, signal }: SendOptions = {},
): Promise<RetriedExchange> {
	const shown = `${request.method} ${request.readableUrl}`;
	return sendWithRetry(async () => {
		logger.debug(`--> ${shown}`);
		const answer = await sendRequest(request, fetcher, signal);
		logger.debug(`<-- ${shown} ${answer.status} ${Math.round(answer.ms)}ms`);
		return answer;
	}, retry);
}
