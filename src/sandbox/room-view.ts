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

/** The index of the first event after stream position `pos` (events in stream order). */
export function indexAfter(events: readonly StoredEvent[], pos: number): number {
	let low = 0;
	let high = events.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((events[middle]?.streamPos ?? 0) <= pos) low = middle + 1;
		else high = middle;
	}
	return low;
}

// One view per room, reused until the room gets another event: a send that wakes
// 200 long-polls then builds one view, not 200. The store's arrays only grow, so
// their lengths say whether anything changed.
const views = new WeakMap<SandboxStore, Map<string, { size: number; view: RoomView }>>();

/**
 * Reads a room's state events once and answers membership and visibility from
 * them. Only state is walked, never the whole history, so the cost of a view does
 * not grow with the number of messages.
 */
export function viewRoom(store: SandboxStore, roomId: string): RoomView {
	let cache = views.get(store);
	if (!cache) {
		cache = new Map();
		views.set(store, cache);
	}
	const size = store.roomEvents(roomId).length;
	const cached = cache.get(roomId);
	if (cached?.size === size && size > 0) return cached.view;
	const view = buildView(store, roomId);
	cache.set(roomId, { size, view });
	return view;
}

function buildView(store: SandboxStore, roomId: string): RoomView {
	const events = store.roomEvents(roomId);
	const stateEvents = store.roomStateEvents(roomId);
	const currentState = store.currentState(roomId);
	const memberships = new Map<string, Change[]>();
	const visibility: Change[] = [];

	for (const event of stateEvents) {
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
		// Nothing changed since `pos`: the current state is the answer.
		if ((stateEvents.at(-1)?.streamPos ?? 0) <= pos) return currentState;
		const state = new Map<string, StoredEvent>();
		for (const event of stateEvents) {
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
		currentState,
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

/** Which events `pickEvents` looks at, in which direction, and which it keeps. */
export interface EventPick {
	/** Events after this stream position... */
	after: number;
	/** ...and at or before this one. */
	upTo: number;
	/** `b` walks back from `upTo`, `f` forwards from `after`. */
	dir: 'b' | 'f';
	limit: number;
	accept: (event: StoredEvent) => boolean;
}

/**
 * Up to `limit` accepted events of a window, in walking order, and whether any
 * accepted one is left beyond them. It stops there, so a page costs its own
 * size, not the room's history.
 */
export function pickEvents(
	events: readonly StoredEvent[],
	pick: EventPick,
): { picked: StoredEvent[]; more: boolean } {
	const first = indexAfter(events, pick.after);
	const end = indexAfter(events, pick.upTo);
	const backwards = pick.dir === 'b';
	const picked: StoredEvent[] = [];
	for (
		let i = backwards ? end - 1 : first;
		backwards ? i >= first : i < end;
		i += backwards ? -1 : 1
	) {
		const event = events[i];
		if (!event || !pick.accept(event)) continue;
		if (picked.length >= pick.limit) return { picked, more: true };
		picked.push(event);
	}
	return { picked, more: false };
}
