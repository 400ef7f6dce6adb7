import { invalidParam, missingParam } from '../errors.ts';
import { eventMatches, readEventFilter, type EventFilter } from '../filter.ts';
import { formatEvent } from '../format-event.ts';
import { parseJson, type JsonValue } from '../json.ts';
import { readablePosition } from '../membership.ts';
import { pickEvents, viewRoom } from '../room-view.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';
import { parseStreamToken, streamToken } from '../tokens.ts';

const defaultLimit = 10;
const maxLimit = 1000;

function readLimit(query: URLSearchParams): number {
	const raw = query.get('limit');
	if (raw === null) return defaultLimit;
	if (!/^\d{1,9}$/.test(raw)) throw invalidParam(`"limit" must be a whole number, not "${raw}".`);
	return Math.min(Number(raw), maxLimit);
}

/** Parses a `filter` query parameter holding a JSON RoomEventFilter. */
export function readFilterParam(raw: string | null): EventFilter {
	if (raw === null) return {};
	const value = parseJson(raw, 'The "filter" parameter');
	return readEventFilter(value as JsonValue, 'filter');
}

function messages({ ctx, params, query, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const dir = query.get('dir');
	if (dir === null) throw missingParam('"dir" is required: "b" (backwards) or "f" (forwards).');
	if (dir !== 'b' && dir !== 'f') throw invalidParam(`"dir" must be "b" or "f", not "${dir}".`);
	const limit = readLimit(query);
	const current = ctx.store.streamPosition();
	const fromRaw = query.get('from');
	const from =
		fromRaw === null ? (dir === 'b' ? current : 0) : parseStreamToken(fromRaw, 'from', current);
	const toRaw = query.get('to');
	const to = toRaw === null ? undefined : parseStreamToken(toRaw, 'to', current);
	const filter = readFilterParam(query.get('filter'));
	readablePosition(ctx, roomId, requester.userId);

	// What this user may see, in the requested direction, between `from` and `to`.
	const view = viewRoom(ctx.store, roomId);
	const { picked: chunk, more } = pickEvents(view.events, {
		after: dir === 'b' ? (to ?? 0) : from,
		upTo: dir === 'b' ? from : (to ?? current),
		dir,
		limit,
		accept: (e) => view.canSee(requester.userId, e) && eventMatches(filter, e),
	});
	const last = chunk.at(-1);

	const now = ctx.now();
	const body: Record<string, unknown> = {
		start: streamToken(from),
		chunk: chunk.map((event) =>
			formatEvent(event, {
				store: ctx.store,
				viewer: requester,
				now,
				withRoomId: true,
				view,
			}),
		),
	};
	// `end` is left out once there is nothing further, which tells clients to stop.
	if (more) {
		const next = last ? (dir === 'b' ? last.streamPos - 1 : last.streamPos) : from;
		body['end'] = streamToken(next);
	}
	return ok(body);
}

const messagesPath = '/_matrix/client/v3/rooms/:roomId/messages';

/** `GET /rooms/{roomId}/messages`. */
export const messagesRoutes: Route[] = [
	{ method: 'GET', path: messagesPath, auth: true, body: 'none', handle: messages },
];
