import type { Example } from '../example.ts';
import { createRoomSchema } from './create-room.ts';
import { filterSchema } from './filter.ts';
import { inviteSchema } from './invite.ts';
import { joinSchema } from './join.ts';
import { leaveSchema } from './leave.ts';
import type { JsonSchema } from './json-schema.ts';
import { loginSchema } from './login.ts';
import { registerSchema } from './register.ts';
import { roomMessageSchema } from './room-message.ts';

export type { JsonSchema } from './json-schema.ts';

/** A request body's schema and the name editors share it by. */
export interface RequestSchema {
	readonly id: string;
	readonly schema: JsonSchema;
}

/** Which body a request sends, by method and path; `{name}` stands for one segment. */
interface Route {
	readonly id: string;
	readonly method: Example['method'];
	readonly path: string;
	readonly schema: JsonSchema;
}

const routes: readonly Route[] = [
	{ id: 'register', method: 'POST', path: '/register', schema: registerSchema },
	{ id: 'login', method: 'POST', path: '/login', schema: loginSchema },
	{ id: 'create-room', method: 'POST', path: '/createRoom', schema: createRoomSchema },
	{
		id: 'room-message',
		method: 'PUT',
		path: '/rooms/{roomId}/send/m.room.message/{txnId}',
		schema: roomMessageSchema,
	},
	{ id: 'invite', method: 'POST', path: '/rooms/{roomId}/invite', schema: inviteSchema },
	{ id: 'join', method: 'POST', path: '/rooms/{roomId}/join', schema: joinSchema },
	{ id: 'join', method: 'POST', path: '/join/{roomIdOrAlias}', schema: joinSchema },
	{ id: 'leave', method: 'POST', path: '/rooms/{roomId}/leave', schema: leaveSchema },
	{ id: 'filter', method: 'POST', path: '/user/{userId}/filter', schema: filterSchema },
];

// Every guide path starts with the client API's prefix; versions other than v3 are
// the 2016 paths the guide no longer teaches.
const prefix = '/_matrix/client/v3';

const patterns = routes.map((route) => ({
	route,
	pattern: new RegExp(
		`^${prefix}${route.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`,
	),
}));

// The path of a URL template or of a filled URL: `{{baseUrl}}/_matrix/...?q` → `/_matrix/...`.
function pathOf(url: string): string {
	const path = url.replace(/^\{\{baseUrl\}\}/, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
	return path.split(/[?#]/)[0] ?? '';
}

/** The schema of the body an example sends, or null when the guide has none for it. */
export function schemaFor(example: Pick<Example, 'method' | 'url'>): RequestSchema | null {
	const path = pathOf(example.url);
	const found = patterns.find(
		({ route, pattern }) => route.method === example.method && pattern.test(path),
	);
	return found ? { id: found.route.id, schema: found.route.schema } : null;
}

/** Every request schema, by id: for tests, and for editors of the inline sync filter. */
export const requestSchemas: Readonly<Record<string, JsonSchema>> = Object.fromEntries(
	routes.map((route) => [route.id, route.schema]),
);
