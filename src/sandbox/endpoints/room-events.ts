import type { Requester, SandboxContext } from '../context.ts';
import { badJson, forbidden, invalidParam, MatrixError, notFound } from '../errors.ts';
import { formatEvent } from '../format-event.ts';
import { assertCanonicalNumbers, type JsonObject } from '../json.ts';
import { changeMembership, membershipOf, readablePosition, requireJoined } from '../membership.ts';
import { eventPowerLevel, userPowerLevel } from '../power-levels.ts';
import { viewRoom, type RoomView } from '../room-view.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';
import { authoriseState, validateStateContent } from '../state-rules.ts';
import { stateKeyOf, txnKeyOf, type StoredEvent } from '../store.ts';
import { appendEvent } from '../timeline.ts';

// A federated event (PDU) may not exceed 64 KiB; keep room for the fields around content.
/** The largest event content accepted: the spec caps whole events at 64 KiB. */
export const maxContentBytes = 65536 - 1024;

// Synapse refuses these as message events: they only mean something as state.
const stateOnly = ['m.room.member', 'm.room.name', 'm.room.topic', 'm.room.tombstone'];

function checkType(type: string) {
	if (type === '') throw invalidParam('The event type in the path is empty.');
}

function checkContent(content: JsonObject) {
	assertCanonicalNumbers(content);
	if (Buffer.byteLength(JSON.stringify(content)) > maxContentBytes) {
		throw new MatrixError(
			413,
			'M_TOO_LARGE',
			'Event content is too large; events are capped at 64 KiB.',
		);
	}
}

// `txnId` is absent only for the 2016 guide's `POST .../send/{eventType}`, where
// every request makes a new event.
function sendEvent(
	{ ctx, params, body, requester }: AuthedInput,
	txnId: string | undefined,
): Reply {
	const roomId = params['roomId'] ?? '';
	const type = params['eventType'] ?? '';
	const txn =
		txnId === undefined
			? undefined
			: { userId: requester.userId, deviceId: requester.deviceId, txnId };
	const earlier = txn && ctx.store.getTxn(txnKeyOf({ roomId, type, txn }));
	if (earlier) return ok({ event_id: earlier });

	requireJoined(ctx, roomId, requester.userId);
	checkType(type);
	if (stateOnly.includes(type)) {
		throw badJson(`${type} is a state event; send it with PUT /rooms/{roomId}/state.`);
	}
	// Synapse checks these two fields of every message; the errcode is the spec's
	// for "valid JSON, wrong shape".
	if (type === 'm.room.message') {
		for (const key of ['msgtype', 'body']) {
			if (typeof body[key] !== 'string') {
				throw badJson(`m.room.message needs "${key}" as a string.`);
			}
		}
	}
	checkContent(body);
	const state = ctx.store.currentState(roomId);
	const level = userPowerLevel(state, requester.userId);
	const needed = eventPowerLevel(state, type, false);
	if (level < needed) {
		throw forbidden(`Sending ${type} needs power level ${needed}; yours is ${level}.`);
	}

	const event = appendEvent(ctx, {
		roomId,
		type,
		sender: requester.userId,
		content: body,
		...(txn && { txn }),
	});
	return ok({ event_id: event.eventId });
}

// `PUT .../state/m.room.member/{userId}` is a membership change, or, for a member
// already joined, a change of their profile in this room.
function putMember(
	ctx: SandboxContext,
	roomId: string,
	target: string,
	content: JsonObject,
	requester: Requester,
): string {
	const membership = content['membership'];
	if (typeof membership !== 'string') {
		throw badJson('m.room.member needs "membership" as a string.');
	}
	const memberKey = stateKeyOf('m.room.member', target);
	const current = ctx.store.currentState(roomId).get(memberKey);
	const self = target === requester.userId;
	if (self && membership === 'join' && membershipOf(ctx, roomId, target) === 'join') {
		// A new join event changes the per-room profile, unless it is the same.
		checkContent(content);
		if (JSON.stringify(current?.content) !== JSON.stringify(content)) {
			appendEvent(ctx, {
				roomId,
				type: 'm.room.member',
				stateKey: target,
				sender: target,
				content,
			});
		}
	} else {
		const reason = content['reason'];
		const options = typeof reason === 'string' ? { reason } : {};
		changeMembership(ctx, roomId, requester.userId, target, membership, options);
	}
	const event = ctx.store.currentState(roomId).get(memberKey);
	if (!event) throw new Error(`no member event for ${target} after a membership change`);
	return event.eventId;
}

function putState({ ctx, params, body, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const type = params['eventType'] ?? '';
	const stateKey = params['stateKey'] ?? '';
	checkType(type);
	if (type === 'm.room.member') {
		return ok({ event_id: putMember(ctx, roomId, stateKey, body, requester) });
	}
	checkContent(body);
	authoriseState(ctx, roomId, requester.userId, type, stateKey, body);
	validateStateContent(ctx, roomId, type, body);

	// Setting the same state again is a no-op that returns the existing event, as on Synapse.
	const current = ctx.store.currentState(roomId).get(stateKeyOf(type, stateKey));
	if (
		current?.sender === requester.userId &&
		JSON.stringify(current.content) === JSON.stringify(body)
	) {
		return ok({ event_id: current.eventId });
	}
	const event = appendEvent(ctx, {
		roomId,
		type,
		stateKey,
		sender: requester.userId,
		content: body,
	});
	return ok({ event_id: event.eventId });
}

// An event as the endpoints outside /sync show it: with its room ID.
const formatForRequester = (
	ctx: SandboxContext,
	requester: Requester,
	event: StoredEvent,
	view?: RoomView,
) =>
	formatEvent(event, {
		store: ctx.store,
		viewer: requester,
		now: ctx.now(),
		withRoomId: true,
		...(view && { view }),
	});

function getState({ ctx, params, query, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const type = params['eventType'] ?? '';
	const stateKey = params['stateKey'] ?? '';
	const format = query.get('format') ?? 'content';
	if (format !== 'content' && format !== 'event') {
		throw invalidParam('"format" must be "content" or "event".');
	}
	const pos = readablePosition(ctx, roomId, requester.userId);
	const event = viewRoom(ctx.store, roomId).stateAt(pos).get(stateKeyOf(type, stateKey));
	if (!event) throw notFound(`The room has no ${type} state with state key "${stateKey}".`);
	if (format === 'content') return ok(event.content);
	return ok(formatForRequester(ctx, requester, event));
}

function getAllState({ ctx, params, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const pos = readablePosition(ctx, roomId, requester.userId);
	const now = ctx.now();
	const events = [...viewRoom(ctx.store, roomId).stateAt(pos).values()].map((event) =>
		formatEvent(event, { store: ctx.store, viewer: requester, now, withRoomId: true }),
	);
	return ok(events);
}

function getEvent({ ctx, params, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const event = ctx.store.getEvent(params['eventId'] ?? '');
	const view = viewRoom(ctx.store, roomId);
	// Hidden and missing events look alike, as the spec's 404 describes.
	if (!event || event.roomId !== roomId || !view.canSee(requester.userId, event)) {
		throw notFound('Event not found.');
	}
	return ok(formatForRequester(ctx, requester, event, view));
}

const roomPath = '/_matrix/client/v3/rooms/:roomId';

/** Sending events and reading state and single events. */
export const roomEventRoutes: Route[] = [
	{
		method: 'PUT',
		path: `${roomPath}/send/:eventType/:txnId`,
		auth: true,
		body: 'json',
		handle: (input) => sendEvent(input, input.params['txnId'] ?? ''),
	},
	{
		method: 'POST',
		path: `${roomPath}/send/:eventType`,
		auth: true,
		body: 'json',
		legacy: true,
		handle: (input) => sendEvent(input, undefined),
	},
	// A trailing slash (`/state/{eventType}/`) is the same as an empty state key.
	...['/:stateKey', ''].flatMap((key): Route[] => [
		{
			method: 'PUT',
			path: `${roomPath}/state/:eventType${key}`,
			auth: true,
			body: 'json',
			handle: putState,
		},
		{
			method: 'GET',
			path: `${roomPath}/state/:eventType${key}`,
			auth: true,
			body: 'none',
			handle: getState,
		},
	]),
	{ method: 'GET', path: `${roomPath}/state`, auth: true, body: 'none', handle: getAllState },
	{
		method: 'GET',
		path: `${roomPath}/event/:eventId`,
		auth: true,
		body: 'none',
		handle: getEvent,
	},
];
