import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it, type TestContext } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { call, createRoom, register, roomPath, uniqueName, testPassword } from './helpers.ts';

// The spec's OpenAPI files sit beside the project, in the shared folder.
const specRoot = new URL('../../../shared/matrix-spec/', import.meta.url);
const apiRoot = new URL('data/api/client-server/', specRoot);

type JsonType = 'string' | 'integer' | 'boolean' | 'object' | 'array';

/**
 * A response schema, hand-picked from the named YAML file: its required fields and
 * the types of the properties the sandbox returns. The test checks that the file
 * still declares them, so a change in the spec shows up here.
 */
interface Shape {
	file: string;
	required: string[];
	types: Record<string, JsonType>;
	patterns?: Record<string, RegExp>;
}

const shapes = {
	authResponse: {
		file: 'data/api/client-server/definitions/auth_response.yaml',
		required: ['flows'],
		types: { flows: 'array', params: 'object', session: 'string', completed: 'array' },
	},
	flow: {
		file: 'data/api/client-server/definitions/auth_response.yaml',
		required: ['stages'],
		types: { stages: 'array' },
	},
	register: {
		file: 'data/api/client-server/registration.yaml',
		required: ['user_id'],
		types: { user_id: 'string', access_token: 'string', device_id: 'string' },
		patterns: { user_id: /^@/ },
	},
	login: {
		file: 'data/api/client-server/login.yaml',
		required: ['access_token', 'device_id', 'user_id'],
		types: { user_id: 'string', access_token: 'string', device_id: 'string' },
		patterns: { user_id: /^@/ },
	},
	createRoom: {
		file: 'data/api/client-server/create_room.yaml',
		required: ['room_id'],
		types: { room_id: 'string' },
		patterns: { room_id: /^!/ },
	},
	send: {
		file: 'data/api/client-server/room_send.yaml',
		required: ['event_id'],
		types: { event_id: 'string' },
		patterns: { event_id: /^\$/ },
	},
	sync: {
		file: 'data/api/client-server/sync.yaml',
		required: ['next_batch'],
		types: {
			next_batch: 'string',
			rooms: 'object',
			presence: 'object',
			account_data: 'object',
		},
	},
	timeline: {
		file: 'data/api/client-server/definitions/timeline_batch.yaml',
		required: ['events'],
		types: { events: 'array', limited: 'boolean', prev_batch: 'string' },
	},
	syncEvent: {
		file: 'data/api/client-server/definitions/client_event_without_room_id.yaml',
		required: ['event_id', 'type', 'sender', 'origin_server_ts', 'content'],
		types: {
			event_id: 'string',
			type: 'string',
			sender: 'string',
			origin_server_ts: 'integer',
			content: 'object',
			state_key: 'string',
			unsigned: 'object',
		},
		patterns: { event_id: /^\$/, sender: /^@/ },
	},
	strippedState: {
		file: 'data/event-schemas/schema/core-event-schema/stripped_state.yaml',
		required: ['type', 'state_key', 'content', 'sender'],
		types: { type: 'string', state_key: 'string', content: 'object', sender: 'string' },
	},
	error: {
		file: 'data/api/client-server/definitions/errors/error.yaml',
		required: ['errcode'],
		types: { errcode: 'string', error: 'string' },
	},
} satisfies Record<string, Shape>;

const typeOf = (value: unknown): string => {
	if (Array.isArray(value)) return 'array';
	if (Number.isInteger(value)) return 'integer';
	return value === null ? 'null' : typeof value;
};

// Plain text checks, not a YAML reader: each picked name must still appear in the file.
function assertSpecStillSays(shape: Shape) {
	const text = readFileSync(new URL(shape.file, specRoot), 'utf8');
	for (const field of Object.keys(shape.types)) {
		assert.ok(text.includes(`${field}:`), `${shape.file} no longer declares ${field}`);
	}
	for (const field of shape.required) {
		const listed = text.includes(`- ${field}`) || text.includes(`"${field}"`);
		assert.ok(listed, `${shape.file} no longer lists ${field} as required`);
	}
}

function assertShape(value: any, shape: Shape, where: string) {
	assertSpecStillSays(shape);
	assert.equal(typeOf(value), 'object', `${where} is an object`);
	for (const field of shape.required) assert.ok(field in value, `${where} has ${field}`);
	for (const [field, type] of Object.entries(shape.types)) {
		if (value[field] === undefined) continue;
		assert.equal(typeOf(value[field]), type, `${where}.${field} is ${type}`);
	}
	for (const [field, pattern] of Object.entries(shape.patterns ?? {})) {
		if (value[field] !== undefined) assert.match(value[field], pattern, `${where}.${field}`);
	}
}

describe('responses against the spec’s OpenAPI schemas', () => {
	let sandbox: RunningSandbox;
	before(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	after(() => sandbox.close());

	const skipWithoutSpec = (t: TestContext) => {
		if (existsSync(apiRoot)) return false;
		t.skip(`spec folder absent: ${apiRoot.pathname}`);
		return true;
	};

	it('matches the register 401, register 200 and login schemas', async (t) => {
		if (skipWithoutSpec(t)) return;
		const username = uniqueName();
		const path = '/_matrix/client/v3/register';

		const first = await call(sandbox.url, 'POST', path, {
			json: { username, password: testPassword },
		});
		const second = await call(sandbox.url, 'POST', path, {
			json: { auth: { type: 'm.login.dummy', session: first.body.session } },
		});
		const login = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			json: {
				type: 'm.login.password',
				identifier: { type: 'm.id.user', user: username },
				password: testPassword,
			},
		});
		const failed = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			json: { type: 'm.login.password', user: username, password: 'wrong' },
		});

		assertShape(first.body, shapes.authResponse, 'register 401');
		for (const flow of first.body.flows) assertShape(flow, shapes.flow, 'register 401 flow');
		assertShape(second.body, shapes.register, 'register 200');
		assertShape(login.body, shapes.login, 'login 200');
		assertShape(failed.body, shapes.error, 'login 403');
	});

	it('matches the createRoom, send and sync schemas', async (t) => {
		if (skipWithoutSpec(t)) return;
		const alice = await register(sandbox.url);
		const bob = await register(sandbox.url);

		const created = await call(sandbox.url, 'POST', '/_matrix/client/v3/createRoom', {
			token: alice.accessToken,
			json: { name: 'Shapes', invite: [bob.userId] },
		});
		const roomId = created.body.room_id;
		const sent = await call(sandbox.url, 'PUT', `${roomPath(roomId)}/send/m.room.message/s1`, {
			token: alice.accessToken,
			json: { msgtype: 'm.text', body: 'shape' },
		});
		await createRoom(sandbox.url, bob);
		const aliceSync = await call(sandbox.url, 'GET', '/_matrix/client/v3/sync', {
			token: alice.accessToken,
		});
		const bobSync = await call(sandbox.url, 'GET', '/_matrix/client/v3/sync', {
			token: bob.accessToken,
		});

		assertShape(created.body, shapes.createRoom, 'createRoom 200');
		assertShape(sent.body, shapes.send, 'send 200');
		assertShape(aliceSync.body, shapes.sync, 'sync 200');
		const room = aliceSync.body.rooms.join[roomId];
		assertShape(room.timeline, shapes.timeline, 'timeline');
		for (const event of [...room.timeline.events, ...room.state.events]) {
			assertShape(event, shapes.syncEvent, `event ${event.type}`);
		}
		for (const event of bobSync.body.rooms.invite[roomId].invite_state.events) {
			assertShape(event, shapes.strippedState, `invite_state ${event.type}`);
		}
	});
});
