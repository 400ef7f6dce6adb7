/**
 * Events as the app keeps them, read from whatever the homeserver sent. Nothing
 * in a response is trusted to have the shape the spec gives: a field of the
 * wrong type is dropped, and an event without the basics is skipped.
 */

/** One room event, or a stripped state event (then `eventId` is empty). */
export interface MatrixEvent {
	readonly eventId: string;
	readonly type: string;
	readonly sender: string;
	/** `origin_server_ts`, or 0 when the server sent none (stripped state). */
	readonly ts: number;
	readonly content: Readonly<Record<string, unknown>>;
	readonly stateKey: string | undefined;
	readonly unsigned: Readonly<Record<string, unknown>>;
}

/** A plain JSON object, or null for anything else. */
export function record(value: unknown): Record<string, unknown> | null {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: null;
}

/** A string field, or undefined when it is missing or not a string. */
export function textField(value: unknown, name: string): string | undefined {
	const found = record(value)?.[name];
	return typeof found === 'string' ? found : undefined;
}

/** Reads one event; null when it lacks a type or sender. */
export function readEvent(raw: unknown): MatrixEvent | null {
	const event = record(raw);
	if (!event) return null;
	const type = textField(event, 'type');
	const sender = textField(event, 'sender');
	if (type === undefined || sender === undefined) return null;
	const ts = event['origin_server_ts'];
	return {
		eventId: textField(event, 'event_id') ?? '',
		type,
		sender,
		ts: typeof ts === 'number' && Number.isFinite(ts) ? ts : 0,
		content: record(event['content']) ?? {},
		stateKey: textField(event, 'state_key'),
		unsigned: record(event['unsigned']) ?? {},
	};
}

/** The events of a list, or of an object's `events` list, skipping unreadable ones. */
export function readEvents(raw: unknown): MatrixEvent[] {
	const list = Array.isArray(raw) ? raw : record(raw)?.['events'];
	if (!Array.isArray(list)) return [];
	return list.map(readEvent).filter((event): event is MatrixEvent => event !== null);
}

/** The key a state event is stored under: its type and state key together. */
export function stateKeyOf(type: string, stateKey: string): string {
	return `${type}\u0000${stateKey}`;
}
