import type { SandboxContext } from './context.ts';
import { maxContentBytes } from './endpoints/room-events.ts';
import { MatrixError } from './errors.ts';
import { newEventId } from './ids.ts';
import type { JsonObject } from './json.ts';
import { stateKeyOf, type EventTxn, type StoredEvent } from './store.ts';

/** What a caller decides about a new event; the rest is filled in here. */
export interface NewEvent {
	roomId: string;
	type: string;
	stateKey?: string;
	sender: string;
	content: JsonObject;
	txn?: EventTxn;
}

/**
 * Appends an event to a room and wakes the long-polls it concerns. Callers have
 * already checked that the sender may send it.
 */
export function appendEvent(ctx: SandboxContext, draft: NewEvent): StoredEvent {
	// The last guard for every kind of event (a join's reason, a state event):
	// the spec caps events at 64 KiB and types at 255 bytes.
	if (Buffer.byteLength(JSON.stringify(draft.content)) > maxContentBytes) {
		throw new MatrixError(
			413,
			'M_TOO_LARGE',
			`The ${draft.type} event would be larger than 64 KiB.`,
		);
	}
	if (Buffer.byteLength(draft.type) > 255) {
		throw new MatrixError(400, 'M_INVALID_PARAM', 'Event types are at most 255 bytes long.');
	}
	const { store } = ctx;
	const replaced =
		draft.stateKey === undefined
			? undefined
			: store.currentState(draft.roomId).get(stateKeyOf(draft.type, draft.stateKey));

	const event = store.appendEvent({
		eventId: newEventId(),
		roomId: draft.roomId,
		type: draft.type,
		...(draft.stateKey !== undefined && { stateKey: draft.stateKey }),
		sender: draft.sender,
		content: draft.content,
		originServerTs: ctx.now(),
		...(replaced && { replacesState: replaced.eventId }),
		...(draft.txn && { txn: draft.txn }),
	});

	ctx.notifier.notify(interestedUsers(ctx, event));
	return event;
}

// Everyone joined or invited sees the event in their next sync; a membership
// change also concerns its target, who may just have left or been kicked.
function interestedUsers(ctx: SandboxContext, event: StoredEvent): string[] {
	const users: string[] = [];
	for (const member of ctx.store.currentState(event.roomId).values()) {
		if (member.type !== 'm.room.member' || member.stateKey === undefined) continue;
		const membership = member.content['membership'];
		if (membership === 'join' || membership === 'invite') users.push(member.stateKey);
	}
	if (event.type === 'm.room.member' && event.stateKey !== undefined) users.push(event.stateKey);
	return users;
}
