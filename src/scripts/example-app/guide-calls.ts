import { retryDelay } from '../../matrix/explain-response.ts';
import type { SendResult } from './composer.ts';
import { textField } from './matrix-event.ts';
import type { NewRoom } from './room-forms.ts';
import { answerProblem, errcodeOf, type StepResult, type StepRunner } from './run-step.ts';
import type { SyncOutcome } from './sync-loop.ts';

/**
 * Everything the app asks of the homeserver, one function per action, each
 * running one of the guide's steps (named in the call) with the app's values.
 */

/** What the app needs from an answer, or a sentence saying what went wrong. */
export type Outcome<T> =
	{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

// A long-poll held this much past its own `timeout` counts as lost, and is retried.
const syncGraceMs = 30_000;

/**
 * One round of the sync loop: the first sync, then long-polls from `since`;
 * `quick` (after a failure) asks what is new without waiting.
 */
export async function syncOnce(
	steps: StepRunner,
	since: string | null,
	signal: AbortSignal,
	quick = false,
): Promise<SyncOutcome> {
	const id = since === null ? 'sync-initial' : quick ? 'sync-since' : 'sync-long-poll';
	const hold = Number(steps.example(id)?.query.find((item) => item.name === 'timeout')?.value);
	// A request the server holds far past its timeout is as good as lost.
	const watchdog = new AbortController();
	const forward = () => watchdog.abort();
	signal.addEventListener('abort', forward, { once: true });
	const timer = setTimeout(forward, (Number.isFinite(hold) ? hold : 0) + syncGraceMs);
	let result: StepResult;
	try {
		result = await steps.run(id, {
			...(since !== null && { query: { since } }),
			signal: watchdog.signal,
		});
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', forward);
	}

	if (result.kind === 'failure') {
		if (signal.aborted) return { kind: 'aborted' };
		const reason = result.aborted
			? 'The homeserver held the sync long past its timeout.'
			: result.reason;
		return {
			kind: 'error',
			reason,
			retryAfterMs: null,
			fatal: !result.aborted && !result.retryable,
		};
	}
	const nextBatch = textField(result.json, 'next_batch');
	if (result.expected && nextBatch !== undefined) {
		return { kind: 'batch', json: result.json, nextBatch };
	}
	const errcode = errcodeOf(result);
	return {
		kind: 'error',
		reason: result.expected ? 'The answer had no next_batch.' : answerProblem(result),
		retryAfterMs:
			result.status === 429 ? retryDelay(result.json, result.headers['retry-after']) : null,
		fatal: errcode === 'M_UNKNOWN_TOKEN' || errcode === 'M_MISSING_TOKEN',
	};
}

/** Creates a room with the guide's private or public room step; gives its ID. */
export async function createRoom(steps: StepRunner, room: NewRoom): Promise<Outcome<string>> {
	const result = await steps.run(room.isPublic ? 'create-public-room' : 'create-room', {
		fields: {
			name: room.name === '' ? null : room.name,
			room_alias_name: room.aliasName === '' ? null : room.aliasName,
		},
	});
	return withRoomId(result, {
		M_ROOM_IN_USE: 'That alias is taken on this homeserver; pick another.',
	});
}

/** Joins by alias or room ID: the guide's join-by-alias step, run as "me". */
export async function joinRoom(steps: StepRunner, target: string): Promise<Outcome<string>> {
	// `/join/{roomIdOrAlias}` takes either, so the alias step serves for IDs too.
	const result = await steps.run('join-alias', { as: 'me', values: { publicRoomAlias: target } });
	return withRoomId(result, {
		M_FORBIDDEN: 'That room is invite-only, and you have no invite to it.',
		M_NOT_FOUND: 'No room has that alias on this homeserver.',
	});
}

/** Accepts an invite (the guide's join through the invite) or declines it (leaving). */
export async function answerInvite(
	steps: StepRunner,
	roomId: string,
	accept: boolean,
): Promise<Outcome<null>> {
	const result = accept
		? await steps.run('join-invite', { as: 'me', values: { roomId } })
		: await steps.run('leave', { as: 'me', values: { publicRoomId: roomId } });
	return done(result);
}

/** Leaves a room: the guide's leave step, which it runs as the friend. */
export async function leaveRoom(steps: StepRunner, roomId: string): Promise<Outcome<null>> {
	return done(await steps.run('leave', { as: 'me', values: { publicRoomId: roomId } }));
}

/** Invites a user: the guide's invite step, with whoever was typed as the friend. */
export async function inviteUser(
	steps: StepRunner,
	roomId: string,
	userId: string,
): Promise<Outcome<null>> {
	return done(await steps.run('invite', { values: { roomId, 'friend.userId': userId } }));
}

/** Sends a text message with a given transaction ID: the guide's send step. */
export async function sendMessage(
	steps: StepRunner,
	roomId: string,
	text: string,
	txnId: string,
): Promise<SendResult> {
	const result = await steps.run('send-message', {
		values: { roomId },
		fields: { body: text },
		reuse: { $txnId: txnId },
	});
	const eventId = result.kind === 'answer' ? textField(result.json, 'event_id') : undefined;
	if (result.kind === 'answer' && result.expected && eventId !== undefined) {
		return { kind: 'sent', eventId };
	}
	return { kind: 'failed', reason: problemOf(result) };
}

/** A room's member list: the guide's members step; gives the raw answer. */
export async function fetchMembers(steps: StepRunner, roomId: string): Promise<Outcome<unknown>> {
	return withJson(await steps.run('members', { values: { roomId } }));
}

/** One page of older events, from `from` (or the latest when null): the guide's paging step. */
export async function fetchHistory(
	steps: StepRunner,
	roomId: string,
	from: string | null,
): Promise<Outcome<unknown>> {
	return withJson(
		await steps.run('messages', {
			values: { roomId },
			...(from !== null && { extraQuery: { from } }),
		}),
	);
}

// What went wrong with a call, in one sentence: a known errcode in the app's
// words, otherwise the homeserver's own.
function problemOf(result: StepResult, known: Readonly<Record<string, string>> = {}): string {
	if (result.kind === 'failure') return result.reason;
	return known[errcodeOf(result) ?? ''] ?? answerProblem(result);
}

function withRoomId(result: StepResult, known: Readonly<Record<string, string>>): Outcome<string> {
	const roomId = result.kind === 'answer' ? textField(result.json, 'room_id') : undefined;
	if (result.kind === 'answer' && result.expected && roomId !== undefined) {
		return { ok: true, value: roomId };
	}
	return { ok: false, problem: problemOf(result, known) };
}

function withJson(result: StepResult): Outcome<unknown> {
	if (result.kind === 'answer' && result.expected) return { ok: true, value: result.json };
	return { ok: false, problem: problemOf(result) };
}

function done(result: StepResult): Outcome<null> {
	if (result.kind === 'answer' && result.expected) return { ok: true, value: null };
	return { ok: false, problem: problemOf(result) };
}
