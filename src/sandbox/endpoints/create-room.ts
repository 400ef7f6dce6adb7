import type { SandboxContext } from '../context.ts';
import { badJson, forbidden, invalidParam, MatrixError } from '../errors.ts';
import { maxIdBytes, newRoomId } from '../ids.ts';
import {
	assertCanonicalNumbers,
	isJsonObject,
	optionalArray,
	optionalBoolean,
	optionalObject,
	optionalString,
	optionalStringArray,
	type JsonObject,
} from '../json.ts';
import { checkInvitee, invite, memberContent } from '../membership.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';
import { defaultRoomVersion, hasCreatorField, supportedRoomVersions } from '../room-versions.ts';
import { validateStateContent } from '../state-rules.ts';
import { stateKeyOf } from '../store.ts';
import { appendEvent } from '../timeline.ts';
import { actionPowerLevel, userPowerLevel } from '../power-levels.ts';
import type { RoomState } from '../room-view.ts';
import { maxContentBytes } from './room-events.ts';

interface Preset {
	joinRule: string;
	guestCanJoin: boolean;
	inviteesAreAdmins: boolean;
	levels: JsonObject;
}

// The spec's preset table, with the power level tweaks Synapse applies.
const presets: Record<string, Preset> = {
	private_chat: {
		joinRule: 'invite',
		guestCanJoin: true,
		inviteesAreAdmins: false,
		levels: { invite: 0 },
	},
	trusted_private_chat: {
		joinRule: 'invite',
		guestCanJoin: true,
		inviteesAreAdmins: true,
		levels: { invite: 0 },
	},
	public_chat: {
		joinRule: 'public',
		guestCanJoin: false,
		inviteesAreAdmins: false,
		levels: { invite: 50, events: { 'm.call.invite': 50 } },
	},
};

interface InitialState {
	type: string;
	stateKey: string;
	content: JsonObject;
}

// Synapse's default power levels for a new room.
function defaultLevels(creator: string, admins: readonly string[], preset: Preset): JsonObject {
	const users: JsonObject = { [creator]: 100 };
	for (const admin of admins) users[admin] = 100;
	const events: JsonObject = {
		'm.room.name': 50,
		'm.room.power_levels': 100,
		'm.room.history_visibility': 100,
		'm.room.canonical_alias': 50,
		'm.room.avatar': 50,
		'm.room.tombstone': 100,
		'm.room.server_acl': 100,
		'm.room.encryption': 100,
	};
	const presetEvents = isJsonObject(preset.levels['events']) ? preset.levels['events'] : {};
	return {
		users,
		users_default: 0,
		events: { ...events, ...presetEvents },
		events_default: 0,
		state_default: 50,
		ban: 50,
		kick: 50,
		redact: 50,
		invite: preset.levels['invite'] ?? 50,
		historical: 100,
	};
}

function readAliasName(ctx: SandboxContext, name: string | undefined): string | undefined {
	if (name === undefined) return undefined;
	// The spec forbids NUL in aliases; other control characters are no better.
	if (name === '' || /[\s:#\u0000-\u001f\u007f]/.test(name)) {
		throw invalidParam(
			`${JSON.stringify(name)} is not a valid room_alias_name: give only the local part, ` +
				`like "wombat" for #wombat:${ctx.serverName}, with no spaces, control characters, ":" or "#".`,
		);
	}
	const alias = `#${name}:${ctx.serverName}`;
	if (Buffer.byteLength(alias) > maxIdBytes) {
		throw invalidParam(`The alias ${alias} is longer than ${maxIdBytes} bytes.`);
	}
	if (ctx.store.getAlias(alias)) {
		throw new MatrixError(400, 'M_ROOM_IN_USE', `The room alias ${alias} is already taken.`);
	}
	return alias;
}

function readInitialState(body: JsonObject): InitialState[] {
	const list = optionalArray(body, 'initial_state') ?? [];
	return list.map((item, index) => {
		const where = `initial_state[${index}]`;
		if (!isJsonObject(item)) throw badJson(`${where} must be an object.`);
		const { type, state_key: stateKey = '', content } = item;
		if (typeof type !== 'string') throw badJson(`${where} needs "type" as a string.`);
		if (typeof stateKey !== 'string') throw badJson(`${where}: "state_key" must be a string.`);
		if (!isJsonObject(content)) throw badJson(`${where} needs "content" as an object.`);
		if (type === 'm.room.create' || type === 'm.room.member') {
			throw invalidParam(`${where}: ${type} cannot be set in initial_state.`);
		}
		assertCanonicalNumbers(content, `${where}.content`);
		return { type, stateKey, content };
	});
}

function createRoom({ ctx, body, requester }: AuthedInput): Reply {
	const creator = requester.userId;
	const visibility = optionalString(body, 'visibility') ?? 'private';
	if (visibility !== 'public' && visibility !== 'private') {
		throw badJson(`"visibility" must be "public" or "private", not "${visibility}".`);
	}
	// Synapse answers M_BAD_JSON for an unknown preset; the spec leaves the code open.
	const presetName = optionalString(body, 'preset') ?? `${visibility}_chat`;
	const preset = Object.hasOwn(presets, presetName) ? presets[presetName] : undefined;
	if (!preset) {
		throw badJson(
			`"${presetName}" is not a valid preset; ` +
				'use private_chat, public_chat or trusted_private_chat.',
		);
	}
	const roomVersion = optionalString(body, 'room_version') ?? defaultRoomVersion;
	if (!supportedRoomVersions.includes(roomVersion)) {
		throw new MatrixError(
			400,
			'M_UNSUPPORTED_ROOM_VERSION',
			`Room version "${roomVersion}" is not supported here; ` +
				`use ${supportedRoomVersions.join(' or ')}.`,
		);
	}
	const alias = readAliasName(ctx, optionalString(body, 'room_alias_name'));
	const name = optionalString(body, 'name');
	const topic = optionalString(body, 'topic');
	const invitees = [...new Set(optionalStringArray(body, 'invite') ?? [])];
	for (const invitee of invitees) {
		if (invitee === creator) throw forbidden(`${creator} is already in the room.`);
		checkInvitee(ctx, invitee);
	}
	optionalArray(body, 'invite_3pid');
	const initialState = readInitialState(body);
	const creationContent = optionalObject(body, 'creation_content') ?? {};
	const levelsOverride = optionalObject(body, 'power_level_content_override');
	const isDirect = optionalBoolean(body, 'is_direct') ?? false;
	assertCanonicalNumbers(creationContent, 'creation_content');
	if (levelsOverride) assertCanonicalNumbers(levelsOverride, 'power_level_content_override');

	let roomId = newRoomId(ctx.serverName);
	while (ctx.store.getRoom(roomId)) roomId = newRoomId(ctx.serverName);

	// Every event is built and checked before the room exists, so a bad request
	// leaves nothing half made. The order is the one the spec gives for createRoom.
	const events: InitialState[] = [];
	const add = (type: string, content: JsonObject, stateKey = '') =>
		events.push({ type, stateKey, content });

	const { creator: _ignored, ...extraCreation } = creationContent;
	const createContent: JsonObject = { ...extraCreation, room_version: roomVersion };
	if (hasCreatorField(roomVersion)) createContent['creator'] = creator;
	add('m.room.create', createContent);
	add('m.room.member', memberContent(ctx, creator, 'join'), creator);

	const initial = new Map<string, InitialState>();
	for (const item of initialState) initial.set(stateKeyOf(item.type, item.stateKey), item);
	const take = (type: string) => {
		const key = stateKeyOf(type, '');
		const item = initial.get(key);
		initial.delete(key);
		return item;
	};

	const admins = preset.inviteesAreAdmins ? invitees : [];
	const levels = take('m.room.power_levels')?.content ?? {
		...defaultLevels(creator, admins, preset),
		...levelsOverride,
	};
	add('m.room.power_levels', levels);
	if (alias && !initial.has(stateKeyOf('m.room.canonical_alias', ''))) {
		add('m.room.canonical_alias', { alias });
	}
	add('m.room.join_rules', take('m.room.join_rules')?.content ?? { join_rule: preset.joinRule });
	add(
		'm.room.history_visibility',
		take('m.room.history_visibility')?.content ?? { history_visibility: 'shared' },
	);
	const guestAccess = take('m.room.guest_access');
	if (guestAccess) add('m.room.guest_access', guestAccess.content);
	else if (preset.guestCanJoin) add('m.room.guest_access', { guest_access: 'can_join' });
	for (const item of initial.values()) add(item.type, item.content, item.stateKey);
	if (name !== undefined) add('m.room.name', { name });
	if (topic !== undefined) {
		add('m.room.topic', {
			topic,
			'm.topic': { 'm.text': [{ mimetype: 'text/plain', body: topic }] },
		});
	}
	for (const event of events) {
		validateStateContent(ctx, roomId, event.type, event.content, alias);
		if (Buffer.byteLength(JSON.stringify(event.content)) > maxContentBytes) {
			throw new MatrixError(
				413,
				'M_TOO_LARGE',
				`The ${event.type} event would be larger than 64 KiB.`,
			);
		}
	}
	// The invites must be allowed by the power levels this very request sets, or
	// the room would be made and then the request refused.
	const planned = new Map(
		events.map((event) => [stateKeyOf(event.type, event.stateKey), { ...event, sender: creator }]),
	) as unknown as RoomState;
	if (
		invitees.length > 0 &&
		userPowerLevel(planned, creator) < actionPowerLevel(planned, 'invite')
	) {
		throw forbidden(
			'The power levels this request sets do not let the creator invite; lower "invite" or raise the creator\'s level.',
		);
	}

	ctx.store.addRoom({ roomId, roomVersion, createdAt: ctx.now() });
	if (alias) ctx.store.putAlias({ alias, roomId, creator });
	for (const { type, stateKey, content } of events) {
		appendEvent(ctx, { roomId, type, stateKey, sender: creator, content });
	}
	for (const invitee of invitees) invite(ctx, roomId, creator, invitee, { isDirect });

	// Only room_id, as the spec defines it; the 2016 guide also showed a room_alias here.
	return ok({ room_id: roomId });
}

/** `POST /createRoom`. */
export const createRoomRoutes: Route[] = [
	{
		method: 'POST',
		path: '/_matrix/client/v3/createRoom',
		auth: true,
		body: 'json',
		handle: createRoom,
	},
];
