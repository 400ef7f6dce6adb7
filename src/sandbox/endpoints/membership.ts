import { invalidParam } from '../errors.ts';
import { formatEvent } from '../format-event.ts';
import { optionalString, requireString } from '../json.ts';
import {
	ban,
	invite,
	join,
	kick,
	leave,
	membershipOf,
	readablePosition,
	requireJoined,
	unban,
	type MembershipChange,
} from '../membership.ts';
import { viewRoom } from '../room-view.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';
import { parseStreamToken } from '../tokens.ts';
import { resolveAlias } from './directory.ts';

const memberships = ['join', 'invite', 'knock', 'leave', 'ban'];

// `/invite`, `/kick`, `/ban` and `/unban` share one body: `user_id` and an optional `reason`.
const changeOther =
	(change: MembershipChange) =>
	({ ctx, params, body, requester }: AuthedInput): Reply => {
		const userId = requireString(body, 'user_id');
		const reason = optionalString(body, 'reason');
		change(ctx, params['roomId'] ?? '', requester.userId, userId, {
			...(reason !== undefined && { reason }),
		});
		return ok({});
	};

function joinById({ ctx, params, body, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const reason = optionalString(body, 'reason');
	join(ctx, roomId, requester.userId, { ...(reason !== undefined && { reason }) });
	return ok({ room_id: roomId });
}

// The alias form resolves through the directory first; the path carries the
// alias percent-encoded, `#` as %23.
function joinByIdOrAlias(input: AuthedInput): Reply {
	const target = input.params['roomIdOrAlias'] ?? '';
	if (target.startsWith('#')) {
		const roomId = resolveAlias(input.ctx, target);
		return joinById({ ...input, params: { roomId } });
	}
	if (!target.startsWith('!')) {
		throw invalidParam(`"${target}" is neither a room ID (!...) nor a room alias (#...).`);
	}
	return joinById({ ...input, params: { roomId: target } });
}

function leaveEndpoint({ ctx, params, body, requester }: AuthedInput): Reply {
	const reason = optionalString(body, 'reason');
	leave(ctx, params['roomId'] ?? '', requester.userId, {
		...(reason !== undefined && { reason }),
	});
	return ok({});
}

function readMembershipParam(query: URLSearchParams, name: string): string | undefined {
	const value = query.get(name);
	if (value === null) return undefined;
	if (!memberships.includes(value)) {
		throw invalidParam(`"${name}" must be one of ${memberships.join(', ')}.`);
	}
	return value;
}

// Members see the current list; former members the list as it was when they left.
function members({ ctx, params, query, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	const view = viewRoom(ctx.store, roomId);
	let pos = readablePosition(ctx, roomId, requester.userId);
	const at = query.get('at');
	if (at !== null) pos = Math.min(pos, parseStreamToken(at, 'at', ctx.store.streamPosition()));
	const wanted = readMembershipParam(query, 'membership');
	const unwanted = readMembershipParam(query, 'not_membership');

	const chunk = [];
	const now = ctx.now();
	for (const event of view.stateAt(pos).values()) {
		if (event.type !== 'm.room.member') continue;
		const membership = event.content['membership'];
		const keep =
			wanted !== undefined && unwanted !== undefined
				? membership === wanted || membership !== unwanted
				: (wanted === undefined || membership === wanted) &&
					(unwanted === undefined || membership !== unwanted);
		if (!keep) continue;
		chunk.push(formatEvent(event, { store: ctx.store, viewer: requester, now, withRoomId: true }));
	}
	return ok({ chunk });
}

function joinedMembers({ ctx, params, requester }: AuthedInput): Reply {
	const roomId = params['roomId'] ?? '';
	requireJoined(ctx, roomId, requester.userId);
	const joined: Record<string, Record<string, string>> = {};
	for (const event of ctx.store.currentState(roomId).values()) {
		if (event.type !== 'm.room.member' || event.stateKey === undefined) continue;
		if (event.content['membership'] !== 'join') continue;
		const member: Record<string, string> = {};
		const { displayname, avatar_url: avatarUrl } = event.content;
		if (typeof displayname === 'string') member['display_name'] = displayname;
		if (typeof avatarUrl === 'string') member['avatar_url'] = avatarUrl;
		joined[event.stateKey] = member;
	}
	return ok({ joined });
}

function joinedRooms({ ctx, requester }: AuthedInput): Reply {
	const rooms = ctx.store.roomsOfUser(requester.userId);
	return ok({
		joined_rooms: rooms.filter((r) => membershipOf(ctx, r, requester.userId) === 'join'),
	});
}

/** Invite, join, leave, kick, ban, unban and member lists. */
export const membershipRoutes: Route[] = [
	...(
		[
			['invite', invite],
			['kick', kick],
			['ban', ban],
			['unban', unban],
		] as const
	).map(([action, change]): Route => ({
		method: 'POST',
		path: `/_matrix/client/v3/rooms/:roomId/${action}`,
		auth: true,
		body: 'json',
		handle: changeOther(change),
	})),
	{
		method: 'POST',
		path: '/_matrix/client/v3/rooms/:roomId/join',
		auth: true,
		body: 'json-or-empty',
		handle: joinById,
	},
	{
		method: 'POST',
		path: '/_matrix/client/v3/join/:roomIdOrAlias',
		auth: true,
		body: 'json-or-empty',
		handle: joinByIdOrAlias,
	},
	{
		method: 'POST',
		path: '/_matrix/client/v3/rooms/:roomId/leave',
		auth: true,
		body: 'json-or-empty',
		handle: leaveEndpoint,
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/rooms/:roomId/members',
		auth: true,
		body: 'none',
		handle: members,
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/rooms/:roomId/joined_members',
		auth: true,
		body: 'none',
		handle: joinedMembers,
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/joined_rooms',
		auth: true,
		body: 'none',
		handle: joinedRooms,
	},
];
