import { serverNameProblem } from './server-name.ts';
import { shorten } from './shorten.ts';

// The spec's user ID (appendices, "User Identifiers"): `@localpart:server_name`,
// at most 255 bytes in all. The localpart is never empty and never holds ":";
// older servers made IDs from any printable ASCII, which the spec still accepts.
const maxBytes = 255;
const historicalLocalpart = /^[\x21-\x39\x3B-\x7E]+$/;

/**
 * Why text is not a user ID like `@alice:example.org`, in words that can follow
 * `"…" is not a user ID: `; null when it is one.
 */
export function userIdProblem(text: string): string | null {
	if (!text.startsWith('@')) return 'a user ID starts with @';
	const colon = text.indexOf(':');
	if (colon === -1) return 'it has no ":" between the name and the server name';
	if (colon === 1) return 'the name between "@" and ":" is empty';
	// Characters never outnumber bytes, so a long text needs no encoding to be refused.
	if (text.length > maxBytes || new TextEncoder().encode(text).length > maxBytes) {
		return `it is longer than the ${maxBytes} bytes a user ID may have`;
	}
	const localpart = text.slice(1, colon);
	if (!historicalLocalpart.test(localpart)) {
		return `the name "${shorten(localpart, 40)}" has a space or a character beyond plain ASCII`;
	}
	const problem = serverNameProblem(text.slice(colon + 1));
	return problem === null ? null : `its server name is not valid: ${problem}`;
}

/** The server name of a user ID that passed `userIdProblem`. */
export function serverNameOf(userId: string): string {
	return userId.slice(userId.indexOf(':') + 1);
}
