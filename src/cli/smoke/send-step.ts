import type { BuiltRequest } from '../../matrix/build-request.ts';
import { sendRequest, type ExchangeResult, type FetchLike } from '../../matrix/send-request.ts';
import { sendWithRetry } from './retry.ts';
import type { RunState } from './run-state.ts';

/**
 * Sends one request of a step, waiting out rate limits; logs `-->` and `<--`
 * lines at debug level (URLs only: tokens travel in headers, never in URLs).
 */
export async function sendStep(
	state: RunState,
	request: BuiltRequest,
	fetcher: FetchLike,
	notes: string[],
	signal?: AbortSignal,
): Promise<ExchangeResult> {
	const { logger, retry } = state.options;
	const shown = `${request.method} ${request.readableUrl}`;
	const { exchange, notes: waits } = await sendWithRetry(async () => {
		logger.debug(`--> ${shown}`);
		const answer = await sendRequest(request, fetcher, signal);
		logger.debug(`<-- ${shown} ${answer.status} ${Math.round(answer.ms)}ms`);
		return answer;
	}, retry);
	notes.push(...waits);
	return exchange;
}
