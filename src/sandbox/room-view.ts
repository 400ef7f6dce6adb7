import { stateKeyOf, type SandboxStore, type StoredEvent } from './store.ts';

/** Room state as a map from `stateKeyOf(type, stateKey)` to the event. */
export type RoomState = ReadonlyMap<string, StoredEvent>;

/** One room's events indexed for membership and history-visibility questions. */
export interface RoomView {
	readonly roomId: string;
	/** All events, in stream order. */
	readonly events: readonly StoredEvent[];
	readonly currentState: RoomState;
	/** The state after every event at or before stream position `pos`. */
	stateAt(pos: number): RoomState;
	/** The user's membership after the event at `pos`; `leave` when they had none. */
	membershipAt(userId: string, pos: number): string;
	/** The user's membership now, or undefined if they never had one. */
	membership(userId: string): string | undefined;
	/** True if the user ever joined; a departed member keeps a view up to leaving. */
	everJoined(userId: string): boolean;
	/** Whether the spec's history-visibility rules let `userId` see `event`. */
	canSee(userId: string, event: StoredEvent): boolean;
}

interface Change {
	pos: number;
	value: string;
}

const valueAt = (changes: readonly Change[] | undefined, pos: number): string | undefined => {
	if (!changes) return undefined;
	for (let i = changes.length - 1; i >= 0; i--) {
		const change = changes[i];
		if (change && change.pos <= pos) return change.value;
	}
	return undefined;
};

/** Reads a room's events once and answers membership and visibility from them. */
export function viewRoom(store: SandboxStore, roomId: string): RoomView {
	const events = store.roomEvents(roomId);
	const memberships = new Map<string, Change[]>();
	const visibility: Change[] = [];

	for (const event of events) {
		if (event.stateKey === undefined) continue;
		if (event.type === 'm.room.member') {
			const membership = event.content['membership'];
			const list = memberships.get(event.stateKey) ?? [];
			list.push({
				pos: event.streamPos,
				value: typeof membership === 'string' ? membership : '',
			});
			memberships.set(event.stateKey, list);
		} else if (event.type === 'm.room.history_visibility' && event.stateKey === '') {
			const value = event.content['history_visibility'];
			visibility.push({
				pos: event.streamPos,
				value: typeof value === 'string' ? value : '',
			});
		}
	}

	const stateAt = (pos: number): RoomState => {
		const state = new Map<string, StoredEvent>();
		for (const event of events) {
			if (event.streamPos > pos) break;
			if (event.stateKey === undefined) continue;
			state.set(stateKeyOf(event.type, event.stateKey), event);
		}
		return state;
	};
	const membershipAt = (userId: string, pos: number) =>
		valueAt(memberships.get(userId), pos) ?? 'leave';

	return {
		roomId,
		events,
		currentState: store.currentState(roomId),
		stateAt,
		membershipAt,
		membership: (userId) => memberships.get(userId)?.at(-1)?.value,
		everJoined: (userId) => (memberships.get(userId) ?? []).some((c) => c.value === 'join'),
		canSee(userId, event) {
			// Users always see their own membership changes, or a room they left
			// (or an invite) could never show up in their sync.
			if (event.type === 'm.room.member' && event.stateKey === userId) return true;

			// The rules use the visibility in force when the event was sent; a room
			// without the event counts as `shared`.
			const history = valueAt(visibility, event.streamPos - 1) ?? 'shared';
			if (history === 'world_readable') return true;
			const membership = membershipAt(userId, event.streamPos);
			if (membership === 'join') return true;
			if (history === 'shared') {
				const joinedLater = (memberships.get(userId) ?? []).some(
					(c) => c.value === 'join' && c.pos > event.streamPos,
				);
				if (joinedLater) return true;
			}
			return history === 'invited' && membership === 'invite';
		},
	};
}
