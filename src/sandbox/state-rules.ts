import type { SandboxContext } from './context.ts';
import { badJson, forbidden, invalidParam, MatrixError } from './errors.ts';
import { splitId } from './ids.ts';
import { isJsonObject, type JsonObject, type JsonValue } from './json.ts';
import { requireJoined } from './membership.ts';
import { eventPowerLevel, userPowerLevel } from './power-levels.ts';
import type { RoomState } from './room-view.ts';
import { stateKeyOf } from './store.ts';

const levelKeys = [
	'ban',
	'events_default',
	'invite',
	'kick',
	'redact',
	'state_default',
	'users_default',
];
const levelMaps = ['events', 'users', 'notifications'];
const historyValues = ['invited', 'joined', 'shared', 'world_readable'];

const isInt = (value: JsonValue | undefined) =>
	typeof value === 'number' && Number.isInteger(value);

function requireStringField(type: string, content: JsonObject, key: string) {
	if (typeof content[key] !== 'string') throw badJson(`${type} needs "${key}" as a string.`);
}

/** Checks power level content: every level an integer, as Synapse's schema does. */
export function validatePowerLevels(content: JsonObject): void {
	for (const key of levelKeys) {
		if (content[key] !== undefined && !isInt(content[key])) {
			throw badJson(`m.room.power_levels: "${key}" must be an integer.`);
		}
	}
	for (const key of levelMaps) {
		const map = content[key];
		if (map === undefined) continue;
		if (!isJsonObject(map) || !Object.values(map).every(isInt)) {
			throw badJson(`m.room.power_levels: "${key}" must map names to integers.`);
		}
	}
}

/** Checks the content of the state events whose shape the spec (and Synapse) enforce. */
export function validateStateContent(
	ctx: SandboxContext,
	roomId: string,
	type: string,
	content: JsonObject,
	pendingAlias?: string,
): void {
	switch (type) {
		case 'm.room.name':
			requireStringField(type, content, 'name');
			break;
		case 'm.room.topic':
			requireStringField(type, content, 'topic');
			break;
		case 'm.room.join_rules':
			requireStringField(type, content, 'join_rule');
			break;
		case 'm.room.history_visibility':
			if (!historyValues.includes(String(content['history_visibility']))) {
				throw badJson(`m.room.history_visibility must be one of ${historyValues.join(', ')}.`);
			}
			break;
		case 'm.room.power_levels':
			validatePowerLevels(content);
			break;
		case 'm.room.canonical_alias':
			validateCanonicalAlias(ctx, roomId, content, pendingAlias);
			break;
	}
}

// The spec asks servers to check that new canonical aliases are well formed and
// point at this room: M_INVALID_PARAM and M_BAD_ALIAS.
function validateCanonicalAlias(
	ctx: SandboxContext,
	roomId: string,
	content: JsonObject,
	pendingAlias: string | undefined,
) {
	const alt = content['alt_aliases'];
	if (alt !== undefined && !(Array.isArray(alt) && alt.every((a) => typeof a === 'string'))) {
		throw badJson('m.room.canonical_alias: "alt_aliases" must be an array of strings.');
	}
	const aliases = [content['alias'], ...(Array.isArray(alt) ? alt : [])];
	for (const alias of aliases) {
		if (alias === undefined || alias === null) continue;
		if (typeof alias !== 'string' || !splitId(alias, '#')) {
			throw invalidParam(`"${String(alias)}" is not a room alias like #name:server.`);
		}
		if (alias !== pendingAlias && ctx.store.getAlias(alias)?.roomId !== roomId) {
			throw new MatrixError(400, 'M_BAD_ALIAS', `The alias ${alias} does not point to this room.`);
		}
	}
}

/** The auth-rule checks for a user sending a state event (not a membership change). */
export function authoriseState(
	ctx: SandboxContext,
	roomId: string,
	sender: string,
	type: string,
	stateKey: string,
	content: JsonObject,
): void {
	requireJoined(ctx, roomId, sender);
	if (type === 'm.room.create') throw forbidden('m.room.create can only be the first event.');
	if (stateKey.startsWith('@') && stateKey !== sender) {
		throw forbidden('A state key that is a user ID can only be set by that user.');
	}
	const state = ctx.store.currentState(roomId);
	const level = userPowerLevel(state, sender);
	const needed = eventPowerLevel(state, type, true);
	if (level < needed) {
		throw forbidden(`Sending ${type} needs power level ${needed}; yours is ${level}.`);
	}
	if (type === 'm.room.power_levels') checkPowerLevelChange(state, sender, level, content);
}

// The auth rules for a power levels change, reduced to their core: nobody may set a
// level above their own, or change the level of a user at or above their own.
function checkPowerLevelChange(
	state: RoomState,
	sender: string,
	level: number,
	content: JsonObject,
) {
	const old = state.get(stateKeyOf('m.room.power_levels', ''))?.content ?? {};
	const values = (levels: JsonObject) => {
		const out = new Map<string, JsonValue | undefined>();
		for (const key of levelKeys) out.set(key, levels[key]);
		for (const key of ['events', 'users']) {
			const map = levels[key];
			if (!isJsonObject(map)) continue;
			for (const [name, v] of Object.entries(map)) out.set(`${key}.${name}`, v);
		}
		return out;
	};
	const before = values(old);
	const after = values(content);
	for (const key of new Set([...before.keys(), ...after.keys()])) {
		const was = before.get(key);
		const now = after.get(key);
		if (was === now) continue;
		const tooHigh = (v: JsonValue | undefined) => typeof v === 'number' && v > level;
		const otherUser = key.startsWith('users.') && key !== `users.${sender}`;
		if (tooHigh(was) || tooHigh(now) || (otherUser && typeof was === 'number' && was >= level)) {
			throw forbidden(
				`You cannot change "${key}" in m.room.power_levels with power level ${level}.`,
			);
		}
	}
}
