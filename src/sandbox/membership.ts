import type { SandboxContext } from './context.ts';
import { forbidden, invalidParam, notFound } from './errors.ts';
import { isUserId, splitId } from './ids.ts';
import type { JsonObject } from './json.ts';
import { actionPowerLevel, userPowerLevel } from './power-levels.ts';
import { stateKeyOf, type StoredEvent } from './store.ts';
import { appendEvent } from './timeline.ts';

/** Options that end up in the membership event's content. */
export interface MembershipOptions {
	reason?: string;
	isDirect?: boolean;
}

/** The user's current membership in a room, or undefined if they never had one. */
export function membershipOf(ctx: SandboxContext, roomId: string, userId: string) {
	const event = ctx.store.currentState(roomId).get(stateKeyOf('m.room.member', userId));
	const membership = event?.content['membership'];
	return typeof membership === 'string' ? membership : undefined;
}

/** Throws 403 unless the user is joined to the room (unknown rooms look the same). */
export function requireJoined(ctx: SandboxContext, roomId: string, userId: string): void {
	if (membershipOf(ctx, roomId, userId) !== 'join') {
		throw forbidden(`You are not joined to the room ${roomId}.`);
	}
}

/** Member event content with the user's profile, as Synapse fills it in. */
export function memberContent(
	ctx: SandboxContext,
	userId: string,
	membership: string,
	options: MembershipOptions = {},
): JsonObject {
	const content: JsonObject = { membership };
	if (membership === 'join' || membership === 'invite') {
		const profile = ctx.store.getProfile(userId);
		const { displayname, avatar_url: avatarUrl } = profile;
		if (typeof displayname === 'string') content['displayname'] = displayname;
		if (typeof avatarUrl === 'string') content['avatar_url'] = avatarUrl;
	}
	if (options.reason !== undefined) content['reason'] = options.reason;
	if (options.isDirect) content['is_direct'] = true;
	return content;
}

/** Checks an invitee's user ID: well formed, local (no federation here), registered. */
export function checkInvitee(ctx: SandboxContext, userId: string): void {
	if (!isUserId(userId)) throw invalidParam(`"${userId}" is not a user ID like @name:server.`);
	if (splitId(userId, '@')?.server !== ctx.serverName) {
		throw forbidden(
			`${userId} is on another server; the sandbox does not federate, ` +
				`so it can only invite users of ${ctx.serverName}.`,
		);
	}
	if (!ctx.store.getUser(userId)) throw notFound(`There is no user ${userId} on this server.`);
}

/** Invites a user; inviting someone already invited changes nothing, as on Synapse. */
export function invite(
	ctx: SandboxContext,
	roomId: string,
	inviter: string,
	invitee: string,
	options: MembershipOptions = {},
): StoredEvent | undefined {
	requireJoined(ctx, roomId, inviter);
	checkInvitee(ctx, invitee);
	const state = ctx.store.currentState(roomId);
	if (userPowerLevel(state, inviter) < actionPowerLevel(state, 'invite')) {
		throw forbidden('Your power level is too low to invite users to this room.');
	}
	const current = membershipOf(ctx, roomId, invitee);
	if (current === 'join') throw forbidden(`${invitee} is already in the room.`);
	if (current === 'ban') throw forbidden(`${invitee} is banned from the room.`);
	if (current === 'invite') return undefined;
	return appendEvent(ctx, {
		roomId,
		type: 'm.room.member',
		stateKey: invitee,
		sender: inviter,
		content: memberContent(ctx, invitee, 'invite', options),
	});
}

/** Joins a room by ID; joining again while joined changes nothing. */
export function join(
	ctx: SandboxContext,
	roomId: string,
	userId: string,
	options: MembershipOptions = {},
): void {
	if (!ctx.store.getRoom(roomId)) {
		throw notFound(`No room ${roomId} is known to this server.`);
	}
	const current = membershipOf(ctx, roomId, userId);
	if (current === 'join') return;
	if (current === 'ban') throw forbidden('You are banned from this room.');

	const rule = ctx.store.currentState(roomId).get(stateKeyOf('m.room.join_rules', ''));
	// No join rules event means "invite", per the auth rules.
	const joinRule = rule?.content['join_rule'] ?? 'invite';
	if (joinRule !== 'public' && current !== 'invite') {
		throw forbidden(
			'You are not invited to this room. ' +
				`It is invite-only (join_rule "${String(joinRule)}"), ` +
				'so a member has to invite you before you can join.',
		);
	}
	appendEvent(ctx, {
		roomId,
		type: 'm.room.member',
		stateKey: userId,
		sender: userId,
		content: memberContent(ctx, userId, 'join', options),
	});
}

/** Leaves a room, or rejects an invite; leaving a room already left changes nothing. */
export function leave(
	ctx: SandboxContext,
	roomId: string,
	userId: string,
	options: MembershipOptions = {},
): void {
	const current = membershipOf(ctx, roomId, userId);
	if (current === undefined) throw forbidden(`You are not a member of the room ${roomId}.`);
	if (current === 'leave') return;
	if (current === 'ban') throw forbidden('You are banned from this room.');
	appendEvent(ctx, {
		roomId,
		type: 'm.room.member',
		stateKey: userId,
		sender: userId,
		content: memberContent(ctx, userId, 'leave', options),
	});
}

/**
 * The stream position up to which a user may read a room's state: now for members,
 * the moment they left for former members. Others get 403, as the spec says.
 */
export function readablePosition(ctx: SandboxContext, roomId: string, userId: string): number {
	const event = ctx.store.currentState(roomId).get(stateKeyOf('m.room.member', userId));
	const membership = event?.content['membership'];
	if (membership === 'join') return ctx.store.streamPosition();
	const everJoined = ctx.store
		.roomEvents(roomId)
		.some(
			(e) =>
				e.type === 'm.room.member' &&
				e.stateKey === userId &&
				e.content['membership'] === 'join',
		);
	const departed = membership === 'leave' || membership === 'ban';
	if (event && departed && everJoined) return event.streamPos;
	throw forbidden(`You are not a member of the room ${roomId}, and were not one before.`);
}
