import type { JsonObject } from './json.ts';
import {
	stateKeyOf,
	txnKeyOf,
	type AliasRecord,
	type DeviceSession,
	type EventDraft,
	type RoomRecord,
	type SandboxStore,
	type StoredEvent,
	type UiaSession,
	type UserRecord,
} from './store.ts';

/** The memory store, plus a way to put back events read from disk at their old positions. */
export interface MemoryStore extends SandboxStore {
	/** Adds an already numbered event, as `appendEvent` once did. */
	restoreEvent(event: StoredEvent): void;
}

/** A `SandboxStore` that keeps everything in Maps and forgets it on exit. */
export function createMemoryStore(): MemoryStore {
	const users = new Map<string, UserRecord>();
	const profiles = new Map<string, JsonObject>();
	const sessions = new Map<string, DeviceSession>();
	const uia = new Map<string, UiaSession>();
	const filters = new Map<string, JsonObject[]>();
	const aliases = new Map<string, AliasRecord>();
	const rooms = new Map<string, RoomRecord>();
	const events = new Map<string, StoredEvent>();
	const timelines = new Map<string, StoredEvent[]>();
	const stateTimelines = new Map<string, StoredEvent[]>();
	const states = new Map<string, Map<string, StoredEvent>>();
	const userRooms = new Map<string, Set<string>>();
	const txns = new Map<string, string>();
	let position = 0;

	const place = (event: StoredEvent) => {
		events.set(event.eventId, event);
		if (event.txn) txns.set(txnKeyOf({ ...event, txn: event.txn }), event.eventId);
		timelines.get(event.roomId)?.push(event);
		if (event.stateKey === undefined) return;
		stateTimelines.get(event.roomId)?.push(event);
		states.get(event.roomId)?.set(stateKeyOf(event.type, event.stateKey), event);
		if (event.type === 'm.room.member') {
			const joined = userRooms.get(event.stateKey) ?? new Set();
			joined.add(event.roomId);
			userRooms.set(event.stateKey, joined);
		}
	};

	const deleteSessionsWhere = (match: (session: DeviceSession) => boolean) => {
		for (const [token, session] of sessions) if (match(session)) sessions.delete(token);
	};

	return {
		getUser: (userId) => users.get(userId),
		addUser: (user) => void users.set(user.userId, user),
		getProfile: (userId) => ({ ...profiles.get(userId) }),
		setProfile: (userId, profile) => void profiles.set(userId, { ...profile }),

		addDeviceSession: (session) => void sessions.set(session.accessToken, session),
		getDeviceSession: (token) => sessions.get(token),
		deleteDeviceSession: (token) => void sessions.delete(token),
		deleteDevice: (userId, deviceId) =>
			deleteSessionsWhere((s) => s.userId === userId && s.deviceId === deviceId),
		deleteAllDevices: (userId) => deleteSessionsWhere((s) => s.userId === userId),

		putUiaSession: (session) => void uia.set(session.sessionId, session),
		getUiaSession: (sessionId) => uia.get(sessionId),
		deleteUiaSession: (sessionId) => void uia.delete(sessionId),
		deleteUiaSessionsBefore: (createdAt) => {
			for (const [id, session] of uia) if (session.createdAt < createdAt) uia.delete(id);
		},

		addFilter: (userId, filter) => {
			const list = filters.get(userId) ?? [];
			list.push(filter);
			filters.set(userId, list);
			// Synapse numbers each user's filters from 0; any ID without a leading `{` works.
			return String(list.length - 1);
		},
		getFilter: (userId, filterId) => {
			if (!/^\d+$/.test(filterId)) return undefined;
			return filters.get(userId)?.[Number(filterId)];
		},

		getAlias: (alias) => aliases.get(alias),
		putAlias: (record) => void aliases.set(record.alias, record),
		deleteAlias: (alias) => void aliases.delete(alias),

		addRoom: (room) => {
			rooms.set(room.roomId, room);
			timelines.set(room.roomId, []);
			stateTimelines.set(room.roomId, []);
			states.set(room.roomId, new Map());
		},
		getRoom: (roomId) => rooms.get(roomId),
		appendEvent: (draft: EventDraft) => {
			const event: StoredEvent = { ...draft, streamPos: ++position };
			place(event);
			return event;
		},
		restoreEvent: (event) => {
			position = Math.max(position, event.streamPos);
			place(event);
		},
		getEvent: (eventId) => events.get(eventId),
		roomEvents: (roomId) => timelines.get(roomId) ?? [],
		roomStateEvents: (roomId) => stateTimelines.get(roomId) ?? [],
		currentState: (roomId) => states.get(roomId) ?? new Map(),
		roomsOfUser: (userId) => [...(userRooms.get(userId) ?? [])],
		streamPosition: () => position,

		getTxn: (key) => txns.get(key),

		// Nothing to make atomic: a killed process loses everything anyway.
		transaction: (fn) => fn(),
		close: () => {},
	};
}
