import type { SandboxContext } from '../context.ts';
import { forbidden, invalidParam, MatrixError, notFound } from '../errors.ts';
import { maxIdBytes, splitId } from '../ids.ts';
import { requireString, type JsonObject } from '../json.ts';
import { membershipOf } from '../membership.ts';
import { eventPowerLevel, userPowerLevel } from '../power-levels.ts';
import { ok, type AuthedInput, type EndpointInput, type Reply, type Route } from '../router.ts';
import { stateKeyOf } from '../store.ts';
import { appendEvent } from '../timeline.ts';

const canonicalAlias = 'm.room.canonical_alias';

/** Checks a room alias's form (`#local:server`); 400 M_INVALID_PARAM otherwise. */
export function checkAlias(alias: string): { localpart: string; server: string } {
	const parts = splitId(alias, '#');
	if (!parts || Buffer.byteLength(alias) > maxIdBytes) {
		throw invalidParam(`"${alias}" is not a room alias like #name:server.`);
	}
	return parts;
}

/** The room an alias names; 404 M_NOT_FOUND when none. */
export function resolveAlias(ctx: SandboxContext, alias: string): string {
	checkAlias(alias);
	const record = ctx.store.getAlias(alias);
	if (!record) throw notFound(`Room alias ${alias} not found.`);
	return record.roomId;
}

function getAlias({ ctx, params }: EndpointInput): Reply {
	const alias = params['roomAlias'] ?? '';
	return ok({ room_id: resolveAlias(ctx, alias), servers: [ctx.serverName] });
}

function putAlias({ ctx, params, body, requester }: AuthedInput): Reply {
	const alias = params['roomAlias'] ?? '';
	const { server } = checkAlias(alias);
	if (server !== ctx.serverName) {
		throw invalidParam(`Aliases made here must end in :${ctx.serverName}, unlike ${alias}.`);
	}
	const roomId = requireString(body, 'room_id');
	if (!ctx.store.getRoom(roomId)) throw notFound(`No room ${roomId} is known to this server.`);
	if (membershipOf(ctx, roomId, requester.userId) !== 'join') {
		throw forbidden(`You must be joined to ${roomId} to give it an alias.`);
	}
	if (ctx.store.getAlias(alias)) {
		throw new MatrixError(409, 'M_UNKNOWN', `Room alias ${alias} already exists.`);
	}
	ctx.store.putAlias({ alias, roomId, creator: requester.userId });
	return ok({});
}

// A joined member with the power level to send m.room.canonical_alias.
function maySetCanonicalAlias(ctx: SandboxContext, roomId: string, userId: string): boolean {
	const state = ctx.store.currentState(roomId);
	return (
		membershipOf(ctx, roomId, userId) === 'join' &&
		userPowerLevel(state, userId) >= eventPowerLevel(state, canonicalAlias, true)
	);
}

// The spec lets a server take a deleted alias out of the room's canonical alias
// event, as Synapse does: sent by the deleting user when they may send it. When they
// may not, the alias is still deleted, as the spec recommends.
function dropFromCanonicalAlias(
	ctx: SandboxContext,
	roomId: string,
	alias: string,
	userId: string,
) {
	const current = ctx.store.currentState(roomId).get(stateKeyOf(canonicalAlias, ''));
	if (!current) return;
	const content: JsonObject = { ...current.content };
	const alt = content['alt_aliases'];
	const inAlt = Array.isArray(alt) && alt.includes(alias);
	if (content['alias'] !== alias && !inAlt) return;
	if (!maySetCanonicalAlias(ctx, roomId, userId)) return;
	if (content['alias'] === alias) delete content['alias'];
	if (inAlt) content['alt_aliases'] = alt.filter((item) => item !== alias);
	appendEvent(ctx, { roomId, type: canonicalAlias, stateKey: '', sender: userId, content });
}

function deleteAlias({ ctx, params, requester }: AuthedInput): Reply {
	const alias = params['roomAlias'] ?? '';
	const roomId = resolveAlias(ctx, alias);
	const record = ctx.store.getAlias(alias);
	// As on Synapse: the alias's creator, or a room member allowed to change the
	// canonical alias, may delete it.
	if (
		record?.creator !== requester.userId &&
		!maySetCanonicalAlias(ctx, roomId, requester.userId)
	) {
		throw forbidden(`You did not create ${alias} and may not manage aliases of its room.`);
	}
	ctx.store.deleteAlias(alias);
	dropFromCanonicalAlias(ctx, roomId, alias, requester.userId);
	return ok({});
}

const aliasPath = '/_matrix/client/v3/directory/room/:roomAlias';

/** The room alias directory. */
export const directoryRoutes: Route[] = [
	{ method: 'GET', path: aliasPath, auth: false, body: 'none', handle: getAlias },
	{ method: 'PUT', path: aliasPath, auth: true, body: 'json', handle: putAlias },
	{ method: 'DELETE', path: aliasPath, auth: true, body: 'none', handle: deleteAlias },
];
