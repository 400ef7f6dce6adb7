import type { Requester, SandboxContext } from './context.ts';
import { eventMatches, roomMatches, type EventFilter, type SyncFilter } from './filter.ts';
import { formatEvent, strippedEvent, type FormatOptions } from './format-event.ts';
import type { JsonObject } from './json.ts';
import type { RoomState, RoomView } from './room-view.ts';
import { pickEvents, viewRoom } from './room-view.ts';
import { stateKeyOf, type StoredEvent } from './store.ts';
import { streamToken } from './tokens.ts';

/** Synapse's default timeline limit for /sync. */
export const defaultTimelineLimit = 10;

// The state an invitee may see before joining, as Synapse's default
// `room_prejoin_state` lists it.
const prejoinTypes = [
	'm.room.create',
	'm.room.join_rules',
	'm.room.name',
	'm.room.canonical_alias',
	'm.room.avatar',
	'm.room.encryption',
	'm.room.topic',
];

/** The request's choices that shape a sync answer. */
export interface SyncRequest {
	requester: Requester;
	/** The `since` position, undefined for an initial sync. */
	since: number | undefined;
	filter: SyncFilter;
	fullState: boolean;
}

/** A sync answer and whether it carries anything for the client. */
export interface SyncResult {
	body: JsonObject;
	hasUpdates: boolean;
}

interface Window {
	/** Timeline events come after this stream position... */
	after: number;
	/** ...and at or before this one. */
	upTo: number;
	/** Send all state at the timeline's start, not just what changed since `since`. */
	fullState: boolean;
	since: number | undefined;
}

interface RoomFilters {
	timeline: EventFilter;
	state: EventFilter;
	limit: number;
}

const empty = () => ({ events: [] });

// State before the timeline and the timeline itself, for one room and window.
function roomTimeline(
	view: RoomView,
	userId: string,
	window: Window,
	filters: RoomFilters,
	format: FormatOptions,
): JsonObject {
	const { picked, more } = pickEvents(view.events, {
		after: window.after,
		upTo: window.upTo,
		dir: 'b',
		limit: filters.limit,
		accept: (e) => view.canSee(userId, e) && eventMatches(filters.timeline, e),
	});
	const timeline = picked.reverse();
	const startPos = (timeline[0]?.streamPos ?? window.upTo + 1) - 1;
	const atStart = view.stateAt(startPos);
	const previous: RoomState =
		window.fullState || window.since === undefined ? new Map() : view.stateAt(window.since);

	const state: StoredEvent[] = [];
	for (const [key, event] of atStart) {
		if (previous.get(key)?.eventId === event.eventId) continue;
		if (eventMatches(filters.state, event)) state.push(event);
	}
	return {
		state: { events: state.map((e) => formatEvent(e, format)) },
		timeline: {
			events: timeline.map((e) => formatEvent(e, format)),
			limited: more,
			prev_batch: streamToken(startPos),
		},
	};
}

// The spec's heroes: up to five other joined or invited members, oldest first,
// else those who left.
function summary(state: RoomState, userId: string): JsonObject {
	const members = [...state.values()]
		.filter((e) => e.type === 'm.room.member' && e.stateKey !== undefined && e.stateKey !== userId)
		.sort((a, b) => a.streamPos - b.streamPos);
	const count = (m: string) =>
		[...state.values()].filter((e) => e.type === 'm.room.member' && e.content['membership'] === m)
			.length;
	const present = members.filter((e) =>
		['join', 'invite'].includes(String(e.content['membership'])),
	);
	const heroes = (present.length > 0 ? present : members).slice(0, 5).map((e) => e.stateKey ?? '');
	return {
		'm.heroes': heroes,
		'm.joined_member_count': count('join'),
		'm.invited_member_count': count('invite'),
	};
}

function inviteState(view: RoomView, invite: StoredEvent, format: FormatOptions): JsonObject {
	const events: JsonObject[] = [];
	for (const type of prejoinTypes) {
		const event = view.currentState.get(stateKeyOf(type, ''));
		if (event) events.push(strippedEvent(event));
	}
	// The invite itself, in full, so the client knows who invited them and when.
	events.push(formatEvent(invite, { ...format, withRoomId: false }));
	return { invite_state: { events } };
}

/** Builds the /sync answer for one request, as of now. */
export function buildSync(ctx: SandboxContext, request: SyncRequest): SyncResult {
	const { requester, since, fullState } = request;
	const { userId } = requester;
	const position = ctx.store.streamPosition();
	const roomFilter = request.filter.room ?? {};
	const filters: RoomFilters = {
		timeline: roomFilter.timeline ?? {},
		state: roomFilter.state ?? {},
		limit: roomFilter.timeline?.limit ?? defaultTimelineLimit,
	};
	const join: JsonObject = {};
	const invite: JsonObject = {};
	const leave: JsonObject = {};
	const now = ctx.now();

	for (const roomId of ctx.store.roomsOfUser(userId)) {
		if (!roomMatches(roomFilter, roomId)) continue;
		const view = viewRoom(ctx.store, roomId);
		const own = view.currentState.get(stateKeyOf('m.room.member', userId));
		if (!own) continue;
		const membership = own.content['membership'];
		const changed = since === undefined || own.streamPos > since;
		const format: FormatOptions = {
			store: ctx.store,
			viewer: requester,
			now,
			withRoomId: false,
			view,
		};

		if (membership === 'join') {
			// A room joined since the last sync is new to the client: send it whole.
			const isNew = since === undefined || view.membershipAt(userId, since) !== 'join';
			const window: Window = {
				after: isNew ? 0 : (since ?? 0),
				upTo: position,
				fullState: isNew || fullState,
				since,
			};
			const room = roomTimeline(view, userId, window, filters, format);
			const timeline = room['timeline'] as { events: unknown[] };
			const state = room['state'] as { events: unknown[] };
			const quiet = timeline.events.length === 0 && state.events.length === 0;
			if (quiet && !isNew && !fullState) continue;
			join[roomId] = {
				summary: summary(view.currentState, userId),
				...room,
				ephemeral: empty(),
				account_data: empty(),
				unread_notifications: { highlight_count: 0, notification_count: 0 },
			};
		} else if (membership === 'invite') {
			if (changed) invite[roomId] = inviteState(view, own, format);
		} else if (membership === 'leave' || membership === 'ban') {
			const knewRoom = since !== undefined && view.membershipAt(userId, since) !== 'leave';
			const wanted = since === undefined ? roomFilter.includeLeave === true : changed && knewRoom;
			if (!wanted) continue;
			const window: Window = {
				after: since ?? 0,
				upTo: own.streamPos,
				fullState: since === undefined || fullState,
				since,
			};
			leave[roomId] = {
				...roomTimeline(view, userId, window, filters, format),
				account_data: empty(),
			};
		}
	}

	const hasUpdates = [join, invite, leave].some((section) => Object.keys(section).length > 0);
	return {
		hasUpdates,
		body: {
			next_batch: streamToken(position),
			rooms: { join, invite, leave, knock: {} },
			presence: empty(),
			account_data: empty(),
		},
	};
}
