import { readPath } from './json-path.ts';

/** How long a 429 answer asks to wait, in ms: `retry_after_ms`, then `Retry-After`. */
export function retryDelay(json: unknown, retryAfterHeader: string | undefined): number | null {
	const fromBody = readPath(json, ['retry_after_ms']);
	if (typeof fromBody === 'number' && fromBody >= 0) return fromBody;
	const seconds = Number(retryAfterHeader);
	return retryAfterHeader !== undefined && Number.isFinite(seconds) ? seconds * 1000 : null;
}

function stagesOf(flows: unknown[]): string {
	return flows
		.map((flow) => readPath(flow, ['stages']))
		.filter(Array.isArray)
		.map((stages) => stages.join(' → '))
		.join(' or ');
}

/**
 * One or two sentences on what a Matrix answer means and what to do next, for
 * the answers a reader of the guide meets most. `path` is the request's URL
 * path, so a 403 on a join reads differently from a 403 on a login.
 */
export function explainResponse(status: number, json: unknown, path = ''): string | null {
	const errcode = readPath(json, ['errcode']);
	const flows = readPath(json, ['flows']);
	if (status === 401 && Array.isArray(flows) && readPath(json, ['session']) !== undefined) {
		const done = readPath(json, ['completed']);
		const progress =
			Array.isArray(done) && done.length > 0 ? ` Done so far: ${done.join(', ')}.` : '';
		return `Not an error: the server asks for user-interactive auth. Complete one flow (${stagesOf(flows) || 'none listed'}) by sending the request again with an "auth" object that names the next stage and carries this "session".${progress}`;
	}
	const joining = /\/join(\/|$)/.test(path);
	switch (errcode) {
		case 'M_USER_IN_USE':
			return 'That username is taken on this homeserver. Change the username in the session bar and start registering again, or log in to the existing account instead.';
		case 'M_UNKNOWN_TOKEN':
			return 'The homeserver no longer accepts this access token: it was logged out, or the server was reset. The token has been set aside; run the log-in step again to get a new one.';
		case 'M_MISSING_TOKEN':
			return 'The request carried no access token. Register or log in first.';
		case 'M_FORBIDDEN':
			if (joining) {
				return 'The room is invite-only and this account has no invite. Ask a member to invite it first, or join a room made with "preset": "public_chat".';
			}
			if (path.endsWith('/login')) return 'Wrong username or password for this homeserver.';
			if (path.endsWith('/register'))
				return 'This homeserver does not allow registration through the API (or not this way).';
			return 'The homeserver refused: this account is not allowed to do that here (not a member of the room, or not enough power).';
		case 'M_NOT_FOUND':
			return joining
				? 'No room has this alias on this homeserver. Check the alias (and that the step that created it ran on this homeserver).'
				: 'The homeserver does not know this room, event or alias. Check that the step that created it ran on this homeserver.';
		case 'M_LIMIT_EXCEEDED':
			return 'Rate limited: the homeserver asks you to slow down. The panel waits the time it gives, then tries once more.';
		case 'M_ROOM_IN_USE':
			return 'That room alias is taken. Change the alias name in the session bar and run the step again.';
		case 'M_INVALID_USERNAME':
			return 'Usernames may only use lowercase letters, digits and . _ = - / +. Change it in the session bar.';
		case 'M_NOT_JSON':
		case 'M_BAD_JSON':
			return "The homeserver could not use the request body. Check the JSON you edited (Reset body restores the guide's version).";
		default:
			return null;
	}
}
