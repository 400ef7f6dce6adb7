import type { BuiltRequest } from '../../matrix/build-request.ts';
import type { ExchangeResult, FetchLike } from '../../matrix/send-request.ts';
import type { RunState } from './run-state.ts';
import { sendLogged } from './send-logged.ts';

/**
 * Sends one request of a step, waiting out rate limits and logging it; what
 * the waits did goes to the step's `notes`.
 */
export async function sendStep(
	state: RunState,
	request: BuiltRequest,
	fetcher: FetchLike,
	notes: string[],
	signal?: AbortSignal,
): Promise<ExchangeResult> {
	const { logger, retry } = state.options;
	const { exchange, notes: waits } = await sendLogged(request, fetcher, logger, { retry, signal });
	notes.push(...waits);
	return exchange;
}
