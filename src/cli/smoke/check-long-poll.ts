import { readPath } from '../../matrix/json-path.ts';

/** What a long-poll asked for and how it went. */
export interface LongPollTiming {
	/** The request's `timeout` query value, in milliseconds. */
	readonly timeoutMs: number;
	/** How long the answer took. */
	readonly ms: number;
	/** The `since` token sent, if any. */
	readonly since: string | null;
	/** The step that should have woken it. */
	readonly wokenBy: string;
	/** The answer came before the waking step was even sent. */
	readonly answeredBeforeWaker: boolean;
}

// An answer this close to the timeout came because the time ran out, not
// because the waking step's event arrived.
const ranOutShare = 0.9;

/**
 * Checks that a long-poll answered early because its waking step ran: well
 * before its `timeout`, and with something new (`next_batch` moved on).
 */
export function checkLongPoll(json: unknown, timing: LongPollTiming): string[] {
	const problems: string[] = [];
	if (timing.ms >= timing.timeoutMs * ranOutShare) {
		problems.push(
			`it waited ${Math.round(timing.ms)} ms of its ${timing.timeoutMs} ms timeout: ` +
				`${timing.wokenBy} did not wake it`,
		);
	}
	const nextBatch = readPath(json, ['next_batch']);
	if (timing.since === null || nextBatch !== timing.since) return problems;
	problems.push(
		timing.answeredBeforeWaker
			? `it answered after ${Math.round(timing.ms)} ms, before ${timing.wokenBy} was sent, ` +
					`with nothing new: the server did not wait for its timeout`
			: `it answered with nothing new ("next_batch" is still the "since" token it sent), ` +
					`although ${timing.wokenBy} ran`,
	);
	return problems;
}
