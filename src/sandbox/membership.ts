import type { SandboxContext } from './context.ts';
import { badJson, forbidden, invalidParam, notFound } from './errors.ts';
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

// Appends the member event for `target`, sent by `sender`.
function setMembership(
	ctx: SandboxContext,
	roomId: string,
	sender: string,
	target: string,
	membership: string,
	options: MembershipOptions,
): StoredEvent {
	return appendEvent(ctx, {
		roomId,
		type: 'm.room.member',
		stateKey: target,
		sender,
		content: memberContent(ctx, target, membership, options),
	});
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
	return setMembership(ctx, roomId, inviter, invitee, 'invite', options);
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
	setMembership(ctx, roomId, userId, userId, 'join', options);
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
	setMembership(ctx, roomId, userId, userId, 'leave', options);
}

type Moderation = 'kick' | 'ban';

// The auth rules for changing someone else's membership: the sender is joined, has
// the action's power level, and outranks the target.
function requireOutranks(
	ctx: SandboxContext,
	roomId: string,
	sender: string,
	target: string,
	actions: readonly Moderation[],
): void {
	if (!ctx.store.getRoom(roomId)) throw notFound(`No room ${roomId} is known to this server.`);
	requireJoined(ctx, roomId, sender);
	if (!isUserId(target)) throw invalidParam(`"${target}" is not a user ID like @name:server.`);
	const state = ctx.store.currentState(roomId);
	const level = userPowerLevel(state, sender);
	for (const action of actions) {
		const needed = actionPowerLevel(state, action);
		if (level < needed) {
			throw forbidden(`To ${action} you need power level ${needed}; yours is ${level}.`);
		}
	}
	const targetLevel = userPowerLevel(state, target);
	if (targetLevel >= level) {
		throw forbidden(
			`${target} has power level ${targetLevel}, not below your ${level}, ` +
				'so you cannot change their membership.',
		);
	}
}

/** A change of someone's membership: who sends it, whose it is, and its reason. */
export type MembershipChange = (
	ctx: SandboxContext,
	roomId: string,
	sender: string,
	target: string,
	options?: MembershipOptions,
) => void;

/** Kicks a joined, invited or knocking member: their membership becomes `leave`. */
export const kick: MembershipChange = (ctx, roomId, sender, target, options = {}) => {
	requireOutranks(ctx, roomId, sender, target, ['kick']);
	const current = membershipOf(ctx, roomId, target);
	if (current === 'ban') throw forbidden(`${target} is banned; lift it with /unban instead.`);
	if (current !== 'join' && current !== 'invite' && current !== 'knock') {
		throw forbidden(`${target} is not in the room, so there is nobody to kick.`);
	}
	setMembership(ctx, roomId, sender, target, 'leave', options);
};

/** Bans a user, member or not; banning someone already banned changes nothing. */
export const ban: MembershipChange = (ctx, roomId, sender, target, options = {}) => {
	requireOutranks(ctx, roomId, sender, target, ['ban']);
	if (membershipOf(ctx, roomId, target) === 'ban') return;
	setMembership(ctx, roomId, sender, target, 'ban', options);
};

/** Lifts a ban (membership `leave`); the auth rules ask for both ban and kick levels. */
export const unban: MembershipChange = (ctx, roomId, sender, target, options = {}) => {
	requireOutranks(ctx, roomId, sender, target, ['ban', 'kick']);
	if (membershipOf(ctx, roomId, target) !== 'ban') {
		throw forbidden(`${target} is not banned from the room.`);
	}
	setMembership(ctx, roomId, sender, target, 'leave', options);
};

/**
 * Applies the membership an `m.room.member` state event asks for, through the same
 * rules as /join, /leave, /invite, /kick, /ban and /unban.
 */
export function changeMembership(
	ctx: SandboxContext,
	roomId: string,
	sender: string,
	target: string,
	membership: string,
	options: MembershipOptions = {},
): void {
	const self = target === sender;
	if (self && membership === 'join') join(ctx, roomId, target, options);
	else if (self && membership === 'leave') leave(ctx, roomId, target, options);
	else if (membership === 'invite') invite(ctx, roomId, sender, target, options);
	else if (membership === 'leave') {
		const banned = membershipOf(ctx, roomId, target) === 'ban';
		(banned ? unban : kick)(ctx, roomId, sender, target, options);
	} else if (membership === 'ban') ban(ctx, roomId, sender, target, options);
	else if (membership === 'join') {
		throw forbidden(
			`Only ${target} can make themselves join. Invite them, and they can join the room themselves.`,
		);
	} else if (membership === 'knock') {
		throw forbidden('The sandbox does not implement knocking on rooms.');
	} else {
		throw badJson(
			`membership must be one of invite, join, leave, ban or knock, not ${JSON.stringify(membership)}.`,
		);
	}
}

/**
 * The stream position up to which a user may read a room's state: now for members,
 * the moment they left for former members. Others get 403, as the spec says.
 */
export function readablePosition(ctx: SandboxContext, roomId: string, userId: string): number {
	const event = ctx.store.currentState(roomId).get(stateKeyOf('m.room.member', userId));
	const membership = event?.content['membership'];
	if (membership === 'join') return ctx.store.streamPosition();
	// State events only: a member event is state, and there are far fewer of them.
	const everJoined = ctx.store
		.roomStateEvents(roomId)
		.some(
			(e) =>
				e.type === 'm.room.member' && e.stateKey === userId && e.content['membership'] === 'join',
		);
	const departed = membership === 'leave' || membership === 'ban';
	if (event && departed && everJoined) return event.streamPos;
	throw forbidden(`You are not a member of the room ${roomId}, and were not one before.`);
}
