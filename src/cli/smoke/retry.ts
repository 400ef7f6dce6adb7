import { readPath } from '../../matrix/json-path.ts';
import type { ExchangeResult } from '../../matrix/send-request.ts';

/** How often and how long the run waits when the server rate-limits it. */
export interface RetryPolicy {
	/** Retries after the first 429; the answer after the last one counts. */
	readonly retries: number;
	/** The longest single wait the run accepts; a longer ask ends the retries. */
	readonly maxWaitMs: number;
	/** The wait when the server names none. */
	readonly defaultWaitMs: number;
}

/** Three retries, none longer than 30 s: enough for a CI run, short enough to notice. */
export const defaultRetryPolicy: RetryPolicy = {
	retries: 3,
	maxWaitMs: 30_000,
	defaultWaitMs: 1000,
};

/**
 * How long a 429 answer asks the client to wait: the `Retry-After` header
 * (seconds or an HTTP date; spec v1.10 prefers it), else the body's older
 * `retry_after_ms`, else the policy's default.
 */
export function retryWaitMs(
	exchange: ExchangeResult,
	fallbackMs: number,
	now = Date.now(),
): number {
	const header = exchange.headers['retry-after']?.trim();
	if (header) {
		if (/^\d+$/.test(header)) return Number(header) * 1000;
		const date = Date.parse(header);
		if (Number.isFinite(date)) return Math.max(0, date - now);
	}
	const ms = readPath(exchange.json, ['retry_after_ms']);
	if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
	return fallbackMs;
}

/** The last answer, and what the retries did, in sentences for the step's notes. */
export interface RetriedExchange {
	readonly exchange: ExchangeResult;
	readonly notes: readonly string[];
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Sends, and sends again after each 429 while the policy allows. */
export async function sendWithRetry(
	send: () => Promise<ExchangeResult>,
	policy: RetryPolicy = defaultRetryPolicy,
	wait: (ms: number) => Promise<void> = sleep,
): Promise<RetriedExchange> {
	const notes: string[] = [];
	let exchange = await send();
	for (let attempt = 1; exchange.status === 429; attempt++) {
		const ms = Math.round(retryWaitMs(exchange, policy.defaultWaitMs));
		if (attempt > policy.retries) {
			notes.push(`still rate limited (429) after ${policy.retries} retries; gave up`);
			break;
		}
		if (ms > policy.maxWaitMs) {
			notes.push(
				`rate limited (429): the server asks to wait ${ms} ms, ` +
					`longer than the ${policy.maxWaitMs} ms the smoke test waits; gave up`,
			);
			break;
		}
		notes.push(`rate limited (429): waited ${ms} ms, retry ${attempt} of ${policy.retries}`);
		await wait(ms);
		exchange = await send();
	}
	return { exchange, notes };
}
