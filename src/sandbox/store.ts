import type { JsonObject } from './json.ts';

// Everything the sandbox remembers goes through `SandboxStore`. The interface is
// synchronous on purpose: `node:sqlite`'s DatabaseSync is synchronous too, so the
// SQLite store (sqlite-store.ts) implements it without touching the endpoints.

/** A registered account. */
export interface UserRecord {
	userId: string;
	/** scrypt hash from password.ts; absent when registered without a password. */
	passwordHash?: string;
	createdAt: number;
}

/** One access token and the device it belongs to. */
export interface DeviceSession {
	accessToken: string;
	userId: string;
	deviceId: string;
	displayName?: string;
}

/** A user-interactive auth session of `POST /register`. */
export interface UiaSession {
	sessionId: string;
	createdAt: number;
	completed: string[];
	/** The request body that opened the session, used when later calls send only `auth`. */
	params: JsonObject;
}

/** A room's immutable facts; its state lives in its events. */
export interface RoomRecord {
	roomId: string;
	roomVersion: string;
	createdAt: number;
}

/** A local room alias and who made it. */
export interface AliasRecord {
	alias: string;
	roomId: string;
	creator: string;
}

/** Who sent an event with a transaction ID, so `unsigned.transaction_id` goes to them only. */
export interface EventTxn {
	userId: string;
	deviceId: string;
	txnId: string;
}

/** A room event as stored; endpoints format it for clients with format-event.ts. */
export interface StoredEvent {
	eventId: string;
	roomId: string;
	type: string;
	/** Present for state events only. */
	stateKey?: string;
	sender: string;
	content: JsonObject;
	originServerTs: number;
	/** Position in the server-wide stream: 1 for the first event, then +1 each. */
	streamPos: number;
	/** The state event this one replaced, for `unsigned.prev_content`. */
	replacesState?: string;
	txn?: EventTxn;
}

/**
 * The key of a transaction: the device and the request path, as Synapse scopes
 * its transaction cache. The event carries every part, so the index of
 * transactions is rebuilt from the events and never stored apart from them.
 */
export function txnKeyOf(event: { roomId: string; type: string; txn: EventTxn }): string {
	const { userId, deviceId, txnId } = event.txn;
	return JSON.stringify([userId, deviceId, event.roomId, event.type, txnId]);
}

/** An event about to be stored; the store gives it its stream position. */
export type EventDraft = Omit<StoredEvent, 'streamPos'>;

/** The key of a piece of room state: event type and state key. */
export const stateKeyOf = (type: string, stateKey: string) => JSON.stringify([type, stateKey]);

/** The sandbox's memory: accounts, tokens, rooms and their events. */
export interface SandboxStore {
	getUser(userId: string): UserRecord | undefined;
	addUser(user: UserRecord): void;
	getProfile(userId: string): JsonObject;
	setProfile(userId: string, profile: JsonObject): void;

	addDeviceSession(session: DeviceSession): void;
	getDeviceSession(accessToken: string): DeviceSession | undefined;
	deleteDeviceSession(accessToken: string): void;
	/** Removes every token of one device, as a new login on that device replaces it. */
	deleteDevice(userId: string, deviceId: string): void;
	deleteAllDevices(userId: string): void;

	putUiaSession(session: UiaSession): void;
	getUiaSession(sessionId: string): UiaSession | undefined;
	deleteUiaSession(sessionId: string): void;
	deleteUiaSessionsBefore(createdAt: number): void;

	/** Stores a filter and returns its new ID (never starting with `{`). */
	addFilter(userId: string, filter: JsonObject): string;
	getFilter(userId: string, filterId: string): JsonObject | undefined;

	getAlias(alias: string): AliasRecord | undefined;
	putAlias(record: AliasRecord): void;
	deleteAlias(alias: string): void;

	addRoom(room: RoomRecord): void;
	getRoom(roomId: string): RoomRecord | undefined;
	appendEvent(draft: EventDraft): StoredEvent;
	getEvent(eventId: string): StoredEvent | undefined;
	/** A room's events in stream order. */
	roomEvents(roomId: string): readonly StoredEvent[];
	/** A room's state events only, in stream order: far fewer than all its events. */
	roomStateEvents(roomId: string): readonly StoredEvent[];
	/** A room's current state, keyed by `stateKeyOf`. */
	currentState(roomId: string): ReadonlyMap<string, StoredEvent>;
	/** The rooms in which the user has ever had a membership event. */
	roomsOfUser(userId: string): readonly string[];
	/** The stream position of the newest event; 0 before any. */
	streamPosition(): number;

	/** The event a transaction made, by `txnKeyOf`; every event with `txn` is findable so. */
	getTxn(key: string): string | undefined;

	/**
	 * Runs `fn` so that its writes reach storage together or not at all, even if the
	 * process is killed halfway. Nested calls join the outer one. Writes made after
	 * an `await` inside `fn` fall outside it.
	 */
	transaction<T>(fn: () => T): T;
	/** Releases the storage; the store is unusable afterwards. */
	close(): void;
}
