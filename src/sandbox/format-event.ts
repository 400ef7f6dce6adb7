import type { JsonObject } from './json.ts';
import type { RoomView } from './room-view.ts';
import type { SandboxStore, StoredEvent } from './store.ts';

/** Who an event is being shown to, which decides its `unsigned` fields. */
export interface Viewer {
	userId: string;
	deviceId: string;
}

/** How to format: `withRoomId` for endpoints outside /sync; `view` adds `unsigned.membership`. */
export interface FormatOptions {
	store: SandboxStore;
	viewer: Viewer;
	now: number;
	withRoomId: boolean;
	view?: RoomView;
}

/** An event in the spec's ClientEvent format, as this viewer should see it. */
export function formatEvent(event: StoredEvent, options: FormatOptions): JsonObject {
	const unsigned: JsonObject = { age: Math.max(0, options.now - event.originServerTs) };
	const { txn } = event;
	if (txn && txn.userId === options.viewer.userId && txn.deviceId === options.viewer.deviceId) {
		unsigned['transaction_id'] = txn.txnId;
	}
	if (event.replacesState) {
		const previous = options.store.getEvent(event.replacesState);
		if (previous) unsigned['prev_content'] = previous.content;
	}
	if (options.view) {
		unsigned['membership'] = options.view.membershipAt(options.viewer.userId, event.streamPos);
	}

	const out: JsonObject = {
		event_id: event.eventId,
		type: event.type,
		sender: event.sender,
		origin_server_ts: event.originServerTs,
		content: event.content,
	};
	if (event.stateKey !== undefined) out['state_key'] = event.stateKey;
	if (options.withRoomId) out['room_id'] = event.roomId;
	out['unsigned'] = unsigned;
	return out;
}

/** The stripped form of a state event used in `invite_state`. */
export function strippedEvent(event: StoredEvent): JsonObject {
	return {
		type: event.type,
		state_key: event.stateKey ?? '',
		content: event.content,
		sender: event.sender,
	};
}
