import { randomBytes, randomInt } from 'node:crypto';

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
	return out;
}

/** A room ID in the usual `!opaque:server` form, with 18 random letters as Synapse uses. */
export const newRoomId = (serverName: string) => `!${randomFrom(letters, 18)}:${serverName}`;

// Random bytes fetched 8 KiB at a time: one call to the system's generator per
// 256 event IDs instead of one per event, on the path every send takes.
let pool = Buffer.alloc(0);
let offset = 0;

function random32(): Buffer {
	if (offset + 32 > pool.length) {
		pool = randomBytes(8192);
		offset = 0;
	}
	offset += 32;
	return pool.subarray(offset - 32, offset);
}

/**
 * An event ID in the room version 4+ form: `$` and 43 unpadded URL-safe base64
 * characters (the length of a SHA-256 reference hash). Random, since nothing here
 * verifies hashes.
 */
export const newEventId = () => `$${random32().toString('base64url')}`;

/** A device ID like Synapse's: ten upper-case letters. */
export const newDeviceId = () => randomFrom(upper, 10);

/** An access token; the prefix says where it came from if it ever turns up in a log. */
export const newAccessToken = () => `sandbox_${randomBytes(24).toString('base64url')}`;

/** A user-interactive auth session ID. */
export const newSessionId = () => randomFrom(letters, 24);

/** A localpart for registrations that give no username. */
export const newLocalpart = () => `user-${randomFrom(lowerAlnum, 10)}`;

/** The user ID grammar's localpart: lower-case letters, digits and `._=-/+`. */
export const localpartPattern = /^[a-z0-9._=\-/+]+$/;

/** The most bytes a user ID or room alias may have, per the appendices. */
export const maxIdBytes = 255;

/** Splits `sigil localpart : server` (at the first colon); undefined if malformed. */
export function splitId(
	id: string,
	sigil: string,
): { localpart: string; server: string } | undefined {
	if (!id.startsWith(sigil)) return undefined;
	const colon = id.indexOf(':');
	if (colon < 2 || colon === id.length - 1) return undefined;
	return { localpart: id.slice(1, colon), server: id.slice(colon + 1) };
}

/** True for a well-formed user ID (`@localpart:server`), lenient on historical localparts. */
export function isUserId(id: string): boolean {
	return splitId(id, '@') !== undefined && Buffer.byteLength(id) <= maxIdBytes;
}
