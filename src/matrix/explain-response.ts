import { readPath } from './json-path.ts';

/**
 * One or two sentences on what a Matrix answer means and what to do next, for
 * the answers a reader of the guide meets most. Null when there is nothing to add.
 */
export function explainResponse(status: number, json: unknown): string | null {
	const errcode = readPath(json, ['errcode']);
	const flows = readPath(json, ['flows']);
	if (status === 401 && Array.isArray(flows) && readPath(json, ['session']) !== undefined) {
		const stages = flows
			.map((flow) => readPath(flow, ['stages']))
			.filter(Array.isArray)
			.map((stages) => stages.join(' → '))
			.join(' or ');
		return `Not an error: the server asks for user-interactive auth. Complete a flow (${stages || 'none listed'}) by sending the same request again with an "auth" object that carries this "session".`;
	}
	switch (errcode) {
		case 'M_USER_IN_USE':
			return 'That username is taken on this homeserver. Pick another in the session bar, or log in to the existing account instead.';
		case 'M_UNKNOWN_TOKEN':
			return 'The homeserver no longer accepts this access token (logged out, or the server was reset). Run the login step again to get a new one.';
		case 'M_MISSING_TOKEN':
			return 'The request carried no access token. Register or log in first.';
		case 'M_FORBIDDEN':
			return 'The homeserver refused: for a join, the room is probably invite-only and this account has no invite; for a login, the username or password is wrong.';
		case 'M_NOT_FOUND':
			return 'The homeserver does not know this alias, room or event. Check that the step that created it ran on this homeserver.';
		case 'M_LIMIT_EXCEEDED':
			return 'Rate limited: wait for the time the server gives (retry_after_ms) and run it again.';
		case 'M_ROOM_IN_USE':
			return 'That room alias is taken. Change the alias name in the session bar and run the step again.';
		default:
			return null;
	}
}
