import type { SandboxContext } from '../context.ts';
import { badJson, forbidden, invalidParam, missingParam, notFound } from '../errors.ts';
import { assertCanonicalNumbers, type JsonValue } from '../json.ts';
import { memberContent, membershipOf } from '../membership.ts';
import { ok, type AuthedInput, type EndpointInput, type Reply, type Route } from '../router.ts';
import { appendEvent } from '../timeline.ts';

// The spec's keyName grammar: the known keys, or a namespaced identifier.
const keyPattern = /^(avatar_url|displayname|m\.tz|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)$/;
const maxProfileBytes = 64 * 1024;

function requireUser(ctx: SandboxContext, userId: string) {
	if (!ctx.store.getUser(userId)) throw notFound('Profile not found.');
}

function checkKey(key: string) {
	if (!keyPattern.test(key)) throw invalidParam(`"${key}" is not a valid profile key.`);
}

function getProfile({ ctx, params }: EndpointInput): Reply {
	const userId = params['userId'] ?? '';
	requireUser(ctx, userId);
	return ok(ctx.store.getProfile(userId));
}

function getField({ ctx, params }: EndpointInput): Reply {
	const userId = params['userId'] ?? '';
	const key = params['keyName'] ?? '';
	checkKey(key);
	requireUser(ctx, userId);
	const value = ctx.store.getProfile(userId)[key];
	if (value === undefined) throw notFound(`${userId} has no "${key}" in their profile.`);
	return ok({ [key]: value });
}

// Synapse sends a fresh join event into every joined room when the display name
// or avatar changes, so member lists show the new profile.
function refreshMemberships(ctx: SandboxContext, userId: string) {
	for (const roomId of ctx.store.roomsOfUser(userId)) {
		if (membershipOf(ctx, roomId, userId) !== 'join') continue;
		appendEvent(ctx, {
			roomId,
			type: 'm.room.member',
			stateKey: userId,
			sender: userId,
			content: memberContent(ctx, userId, 'join'),
		});
	}
}

function setField(ctx: SandboxContext, userId: string, key: string, value: JsonValue | undefined) {
	const profile = ctx.store.getProfile(userId);
	const before = JSON.stringify(profile[key]);
	if (value === undefined) delete profile[key];
	else profile[key] = value;
	if (Buffer.byteLength(JSON.stringify(profile)) > maxProfileBytes) {
		throw badJson('The profile would be larger than 64 KiB.');
	}
	ctx.store.setProfile(userId, profile);
	const changed = before !== JSON.stringify(value);
	if (changed && (key === 'displayname' || key === 'avatar_url')) refreshMemberships(ctx, userId);
}

function requireSelf(requester: AuthedInput['requester'], userId: string) {
	if (requester.userId !== userId) throw forbidden(`You cannot change the profile of ${userId}.`);
}

function putField({ ctx, params, body, requester }: AuthedInput): Reply {
	const userId = params['userId'] ?? '';
	const key = params['keyName'] ?? '';
	checkKey(key);
	requireSelf(requester, userId);
	const value = body[key];
	if (value === undefined) throw missingParam(`The body needs "${key}".`);
	if (
		(key === 'displayname' || key === 'avatar_url' || key === 'm.tz') &&
		typeof value !== 'string'
	) {
		throw badJson(`"${key}" must be a string.`);
	}
	if (key === 'avatar_url' && typeof value === 'string' && !value.startsWith('mxc://')) {
		throw badJson('"avatar_url" must be an mxc:// URI.');
	}
	assertCanonicalNumbers(value, key);
	setField(ctx, userId, key, value);
	return ok({});
}

function deleteField({ ctx, params, requester }: AuthedInput): Reply {
	const userId = params['userId'] ?? '';
	const key = params['keyName'] ?? '';
	checkKey(key);
	requireSelf(requester, userId);
	setField(ctx, userId, key, undefined);
	return ok({});
}

const profilePath = '/_matrix/client/v3/profile/:userId';

/** Profiles: all fields, or one at a time (displayname, avatar_url, m.tz, custom keys). */
export const profileRoutes: Route[] = [
	{ method: 'GET', path: profilePath, auth: false, body: 'none', handle: getProfile },
	{ method: 'GET', path: `${profilePath}/:keyName`, auth: false, body: 'none', handle: getField },
	{ method: 'PUT', path: `${profilePath}/:keyName`, auth: true, body: 'json', handle: putField },
	{
		method: 'DELETE',
		path: `${profilePath}/:keyName`,
		auth: true,
		body: 'none',
		handle: deleteField,
	},
];
