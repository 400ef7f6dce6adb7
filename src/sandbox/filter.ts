import { badJson } from './errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';
import type { StoredEvent } from './store.ts';

/** The spec's EventFilter and RoomEventFilter fields the sandbox applies. */
export interface EventFilter {
	limit?: number;
	types?: string[];
	notTypes?: string[];
	senders?: string[];
	notSenders?: string[];
	rooms?: string[];
	notRooms?: string[];
	containsUrl?: boolean;
}

/** The spec's RoomFilter. */
export interface RoomFilter {
	rooms?: string[];
	notRooms?: string[];
	includeLeave?: boolean;
	timeline?: EventFilter;
	state?: EventFilter;
}

/** The spec's Filter, as far as /sync honours it. */
export interface SyncFilter {
	room?: RoomFilter;
}

function stringList(object: JsonObject, key: string, where: string): string[] | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
		throw badJson(`${where}.${key} must be an array of strings.`);
	}
	return value as string[];
}

function objectAt(object: JsonObject, key: string, where: string): JsonObject | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (!isJsonObject(value)) throw badJson(`${where}.${key} must be an object.`);
	return value;
}

function booleanAt(object: JsonObject, key: string, where: string): boolean | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') throw badJson(`${where}.${key} must be true or false.`);
	return value;
}

/** Reads and checks an EventFilter or RoomEventFilter; M_BAD_JSON when malformed. */
export function readEventFilter(value: JsonValue | undefined, where: string): EventFilter {
	if (value === undefined) return {};
	if (!isJsonObject(value)) throw badJson(`${where} must be an object.`);
	const filter: EventFilter = {};
	const limit = value['limit'];
	if (limit !== undefined) {
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
			throw badJson(`${where}.limit must be an integer greater than 0.`);
		}
		filter.limit = limit;
	}
	const lists = [
		['types', 'types'],
		['notTypes', 'not_types'],
		['senders', 'senders'],
		['notSenders', 'not_senders'],
		['rooms', 'rooms'],
		['notRooms', 'not_rooms'],
	] as const;
	for (const [field, key] of lists) {
		const list = stringList(value, key, where);
		if (list) filter[field] = list;
	}
	const containsUrl = booleanAt(value, 'contains_url', where);
	if (containsUrl !== undefined) filter.containsUrl = containsUrl;
	return filter;
}

/** Reads and checks a sync Filter (the body of `POST /user/{userId}/filter`). */
export function readSyncFilter(value: JsonObject): SyncFilter {
	const filter: SyncFilter = {};
	for (const key of ['presence', 'account_data']) readEventFilter(value[key], key);
	stringList(value, 'event_fields', 'filter');
	const format = value['event_format'];
	if (format !== undefined && format !== 'client' && format !== 'federation') {
		throw badJson('event_format must be "client" or "federation".');
	}
	const room = objectAt(value, 'room', 'filter');
	if (!room) return filter;

	const roomFilter: RoomFilter = {};
	const rooms = stringList(room, 'rooms', 'room');
	const notRooms = stringList(room, 'not_rooms', 'room');
	const includeLeave = booleanAt(room, 'include_leave', 'room');
	if (rooms) roomFilter.rooms = rooms;
	if (notRooms) roomFilter.notRooms = notRooms;
	if (includeLeave !== undefined) roomFilter.includeLeave = includeLeave;
	roomFilter.timeline = readEventFilter(room['timeline'], 'room.timeline');
	roomFilter.state = readEventFilter(room['state'], 'room.state');
	for (const key of ['ephemeral', 'account_data']) readEventFilter(room[key], `room.${key}`);
	filter.room = roomFilter;
	return filter;
}

// `*` in a type pattern matches any run of characters.
// A glob match in linear time: a regular expression built from a reader's
// pattern backtracks exponentially on many stars and would stall the server.
function typeMatches(pattern: string, type: string): boolean {
	if (!pattern.includes('*')) return pattern === type;
	const parts = pattern.split('*');
	const first = parts[0] ?? '';
	const last = parts[parts.length - 1] ?? '';
	if (!type.startsWith(first) || type.length < first.length + last.length) return false;
	let at = first.length;
	for (const middle of parts.slice(1, -1)) {
		if (middle === '') continue;
		const found = type.indexOf(middle, at);
		if (found === -1) return false;
		at = found + middle.length;
	}
	return type.length - last.length >= at && type.endsWith(last);
}

/** True when the room passes a filter's `rooms` and `not_rooms`. */
export function roomMatches(filter: { rooms?: string[]; notRooms?: string[] }, roomId: string) {
	if (filter.notRooms?.includes(roomId)) return false;
	return filter.rooms === undefined || filter.rooms.includes(roomId);
}

/** True when the event passes an EventFilter (its `limit` aside). */
export function eventMatches(filter: EventFilter, event: StoredEvent): boolean {
	if (!roomMatches(filter, event.roomId)) return false;
	if (filter.notTypes?.some((p) => typeMatches(p, event.type))) return false;
	if (filter.types && !filter.types.some((p) => typeMatches(p, event.type))) return false;
	if (filter.notSenders?.includes(event.sender)) return false;
	if (filter.senders && !filter.senders.includes(event.sender)) return false;
	if (filter.containsUrl !== undefined) {
		const hasUrl = typeof event.content['url'] === 'string';
		if (hasUrl !== filter.containsUrl) return false;
	}
	return true;
}
