import type { Requester, SandboxContext } from '../context.ts';
import { badJson, forbidden, invalidParam, MatrixError, notFound } from '../errors.ts';
import { formatEvent } from '../format-event.ts';
import { assertCanonicalNumbers, type JsonObject } from '../json.ts';
import {
	invite,
	join,
	leave,
	membershipOf,
	readablePosition,
	requireJoined,
} from '../membership.ts';
import { eventPowerLevel, userPowerLevel } from '../power-levels.ts';
import { viewRoom } from '../room-view.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';
import { authoriseState, validateStateContent } from '../state-rules.ts';
import { stateKeyOf } from '../store.ts';
import { appendEvent } from '../timeline.ts';

// A federated event (PDU) may not exceed 64 KiB; keep room for the fields around content.
const maxContentBytes = 65536 - 1024;

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

function send({ ctx, params, body, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const type = params['eventType'] ?? '';
	const txnId = params['txnId'] ?? '';
	// Keyed like Synapse's transaction cache: the device plus the request path.
	const txnKey = JSON.stringify([requester.userId, requester.deviceId, roomId, type, txnId]);
	const earlier = ctx.store.getTxn(txnKey);
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
		txn: { userId: requester.userId, deviceId: requester.deviceId, txnId },
	});
	ctx.store.putTxn(txnKey, event.eventId);
	return ok({ event_id: event.eventId });
}

// `PUT .../state/m.room.member/{userId}` is a membership change; it goes through
// the same rules as /join, /leave and /invite.
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
	const self = target === requester.userId;
	const current = ctx.store.currentState(roomId).get(stateKeyOf('m.room.member', target));
	if (self && membership === 'join' && membershipOf(ctx, roomId, target) === 'join') {
		// Already joined: a new join event changes the per-room profile, unless
		// it is the same as the current one.
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
	} else if (self && membership === 'join') {
		join(ctx, roomId, target);
	} else if (self && membership === 'leave') {
		leave(ctx, roomId, target);
	} else if (membership === 'invite') {
		invite(ctx, roomId, requester.userId, target);
	} else {
		throw forbidden('The sandbox does not implement kicks, bans or knocks.');
	}
	const event = ctx.store.currentState(roomId).get(stateKeyOf('m.room.member', target));
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
	return ok(
		formatEvent(event, {
			store: ctx.store,
			viewer: requester,
			now: ctx.now(),
			withRoomId: true,
		}),
	);
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
	return ok(
		formatEvent(event, {
			store: ctx.store,
			viewer: requester,
			now: ctx.now(),
			withRoomId: true,
			view,
		}),
	);
}

const roomPath = '/_matrix/client/v3/rooms/:roomId';

/** Sending events and reading state and single events. */
export const roomEventRoutes: Route[] = [
	{
		method: 'PUT',
		path: `${roomPath}/send/:eventType/:txnId`,
		auth: true,
		body: 'json',
		handle: send,
	},
	// A trailing slash (`/state/{eventType}/`) is the same as an empty state key.
	{
		method: 'PUT',
		path: `${roomPath}/state/:eventType/:stateKey`,
		auth: true,
		body: 'json',
		handle: putState,
	},
	{
		method: 'PUT',
		path: `${roomPath}/state/:eventType`,
		auth: true,
		body: 'json',
		handle: putState,
	},
	{
		method: 'GET',
		path: `${roomPath}/state/:eventType/:stateKey`,
		auth: true,
		body: 'none',
		handle: getState,
	},
	{
		method: 'GET',
		path: `${roomPath}/state/:eventType`,
		auth: true,
		body: 'none',
		handle: getState,
	},
	{ method: 'GET', path: `${roomPath}/state`, auth: true, body: 'none', handle: getAllState },
	{
		method: 'GET',
		path: `${roomPath}/event/:eventId`,
		auth: true,
		body: 'none',
		handle: getEvent,
	},
];
