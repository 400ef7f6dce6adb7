import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
	assertError,
	bodiesOf,
	call,
	createRoom,
	getMessages,
	roomPath,
	sendText,
	type TestUser,
	useSandbox,
} from './helpers.ts';

describe('sending and reading events', () => {
	const { sandbox, alice, bob } = useSandbox({ users: 2 });
	const messages = (room: string, query: string) => getMessages(sandbox.url, alice, room, query);
	let roomId: string;
	before(async () => {
		roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
	});
	const sendAs = (user: TestUser, path: string, json: object) =>
		call(sandbox.url, 'PUT', `${roomPath(roomId)}/send/${path}`, { token: user.accessToken, json });

	it('gives the same event ID for the same txnId, without a second event', async () => {
		const path = `${roomPath(roomId)}/send/m.room.message/same-txn`;
		const json = { msgtype: 'm.text', body: 'once' };

		const first = await call(sandbox.url, 'PUT', path, { token: alice.accessToken, json });
		const second = await call(sandbox.url, 'PUT', path, { token: alice.accessToken, json });
		const history = await messages(roomId, `dir=b&limit=50`);

		assert.equal(first.status, 200);
		assert.match(first.body.event_id, /^\$[A-Za-z0-9_-]{43}$/);
		assert.equal(second.body.event_id, first.body.event_id);
		const copies = history.body.chunk.filter((e: any) => e.content.body === 'once');
		assert.equal(copies.length, 1);
	});

	it('makes a new event for the same txnId from another device', async () => {
		const session = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			json: {
				type: 'm.login.password',
				user: alice.userId,
				password: 'correct horse battery staple',
			},
		});
		const path = `${roomPath(roomId)}/send/m.room.message/device-scoped`;
		const json = { msgtype: 'm.text', body: 'twice' };

		const first = await call(sandbox.url, 'PUT', path, { token: alice.accessToken, json });
		const second = await call(sandbox.url, 'PUT', path, {
			token: session.body.access_token,
			json,
		});

		assert.notEqual(second.body.event_id, first.body.event_id);
	});

	it('answers 403 when a non-member sends', async () => {
		const answer = await sendAs(bob, 'm.room.message/n1', { msgtype: 'm.text', body: 'let me in' });

		assertError(answer, 403, 'M_FORBIDDEN');
	});

	it('answers 400 M_BAD_JSON for an m.room.message without msgtype or body', async () => {
		const answer = await sendAs(alice, 'm.room.message/b1', { text: 'hello' });

		assertError(answer, 400, 'M_BAD_JSON');
	});

	it('answers 400 M_BAD_JSON for floats in content, as canonical JSON requires', async () => {
		const answer = await sendAs(alice, 'org.example.score/f1', { score: 1.5 });

		assertError(answer, 400, 'M_BAD_JSON');
	});

	it('sets and reads state, with or without a trailing slash for an empty key', async () => {
		const put = await call(sandbox.url, 'PUT', `${roomPath(roomId)}/state/m.room.topic/`, {
			token: alice.accessToken,
			json: { topic: 'Slash' },
		});
		const bare = await call(sandbox.url, 'GET', `${roomPath(roomId)}/state/m.room.topic`, {
			token: alice.accessToken,
		});
		const slash = await call(sandbox.url, 'GET', `${roomPath(roomId)}/state/m.room.topic/`, {
			token: alice.accessToken,
		});
		const full = await call(
			sandbox.url,
			'GET',
			`${roomPath(roomId)}/state/m.room.topic?format=event`,
			{
				token: alice.accessToken,
			},
		);

		assert.equal(put.status, 200);
		assert.deepEqual(bare.body, { topic: 'Slash' });
		assert.deepEqual(slash.body, { topic: 'Slash' });
		assert.equal(full.body.event_id, put.body.event_id);
		assert.equal(full.body.state_key, '');
		assert.equal(full.body.room_id, roomId);
	});

	it('returns the existing event when the same state is set again', async () => {
		const path = `${roomPath(roomId)}/state/m.room.name`;
		const first = await call(sandbox.url, 'PUT', path, {
			token: alice.accessToken,
			json: { name: 'N' },
		});
		const second = await call(sandbox.url, 'PUT', path, {
			token: alice.accessToken,
			json: { name: 'N' },
		});

		assert.equal(second.body.event_id, first.body.event_id);
	});

	it('answers 404 for state the room does not have', async () => {
		const answer = await call(sandbox.url, 'GET', `${roomPath(roomId)}/state/m.room.avatar`, {
			token: alice.accessToken,
		});

		assertError(answer, 404, 'M_NOT_FOUND');
	});

	it('answers 403 when a member below the power level sets state', async () => {
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });

		const answer = await call(sandbox.url, 'PUT', `${roomPath(roomId)}/state/m.room.name`, {
			token: bob.accessToken,
			json: { name: 'Taken over' },
		});

		assertError(answer, 403, 'M_FORBIDDEN');
	});

	it('returns one event by ID, with transaction_id for its sender only', async () => {
		const eventId = await sendText(sandbox.url, alice, roomId, 'find me');
		const path = `${roomPath(roomId)}/event/${encodeURIComponent(eventId)}`;

		const own = await call(sandbox.url, 'GET', path, { token: alice.accessToken });
		const other = await call(sandbox.url, 'GET', path, { token: bob.accessToken });
		const missing = await call(sandbox.url, 'GET', `${roomPath(roomId)}/event/%24nope`, {
			token: alice.accessToken,
		});

		assert.equal(own.status, 200);
		assert.equal(own.body.event_id, eventId);
		assert.equal(own.body.sender, alice.userId);
		assert.equal(own.body.content.body, 'find me');
		assert.equal(typeof own.body.unsigned.transaction_id, 'string');
		assert.equal(typeof own.body.unsigned.age, 'number');
		assert.equal(other.body.unsigned.transaction_id, undefined);
		assert.equal(missing.status, 404);
	});

	it('pages backwards through /messages and leaves out end at the start', async () => {
		const room = await createRoom(sandbox.url, alice);
		for (const body of ['one', 'two', 'three']) await sendText(sandbox.url, alice, room, body);

		const page = await messages(room, `dir=b&limit=2`);
		const rest = await messages(room, `dir=b&limit=100&from=${page.body.end}`);

		assert.deepEqual(bodiesOf(page.body.chunk), ['three', 'two']);
		assert.equal(typeof page.body.start, 'string');
		assert.equal(typeof page.body.end, 'string');
		assert.equal(rest.body.chunk[0].content.body, 'one');
		assert.equal(rest.body.chunk.at(-1).type, 'm.room.create');
		assert.equal(rest.body.end, undefined);
	});

	it('pages forwards between from and to, leaving out end at the to token', async () => {
		const room = await createRoom(sandbox.url, alice);
		const { body: start } = await messages(room, `dir=b&limit=1`);
		for (const body of ['one', 'two', 'three']) await sendText(sandbox.url, alice, room, body);
		const { body: latest } = await messages(room, `dir=b&limit=2`);

		const page = await messages(room, `dir=f&limit=5&from=${start.start}&to=${latest.end}`);

		assert.deepEqual(bodiesOf(page.body.chunk), ['one']);
		assert.equal(page.body.start, start.start);
		assert.equal(page.body.end, undefined);
	});

	it('gives end after a full forward page, and a page starting there', async () => {
		const room = await createRoom(sandbox.url, alice);
		for (const body of ['x', 'y']) await sendText(sandbox.url, alice, room, body);
		const events = (await messages(room, `dir=f&limit=100`)).body.chunk;

		const first = await messages(room, `dir=f&limit=1`);
		const next = await messages(room, `dir=f&limit=1&from=${first.body.end}`);

		assert.equal(first.body.chunk[0].event_id, events[0].event_id);
		assert.equal(next.body.start, first.body.end);
		assert.equal(next.body.chunk[0].event_id, events[1].event_id);
	});

	it('hides earlier events from a late joiner when history is joined-only', async () => {
		const room = await createRoom(sandbox.url, alice, {
			preset: 'public_chat',
			initial_state: [
				{ type: 'm.room.history_visibility', content: { history_visibility: 'joined' } },
			],
		});
		await sendText(sandbox.url, alice, room, 'before bob');
		await call(sandbox.url, 'POST', `${roomPath(room)}/join`, { token: bob.accessToken });
		await sendText(sandbox.url, alice, room, 'after bob');

		const answer = await getMessages(sandbox.url, bob, room, `dir=b`);

		const bodies = answer.body.chunk.map((e: any) => e.content.body).filter(Boolean);
		assert.deepEqual(bodies, ['after bob']);
	});

	it('returns the whole current state as a list', async () => {
		const answer = await call(sandbox.url, 'GET', `${roomPath(roomId)}/state`, {
			token: alice.accessToken,
		});

		assert.equal(answer.status, 200);
		assert.ok(Array.isArray(answer.body));
		assert.ok(answer.body.some((e: any) => e.type === 'm.room.create' && e.room_id === roomId));
	});

	it('lets a member change power levels only up to their own level', async () => {
		const room = await createRoom(sandbox.url, alice, {
			power_level_content_override: { events: { 'm.room.power_levels': 0 } },
		});
		await call(sandbox.url, 'POST', `${roomPath(room)}/invite`, {
			token: alice.accessToken,
			json: { user_id: bob.userId },
		});
		await call(sandbox.url, 'POST', `${roomPath(room)}/join`, { token: bob.accessToken });
		const path = `${roomPath(room)}/state/m.room.power_levels`;
		const levels = await call(sandbox.url, 'GET', path, { token: bob.accessToken });
		const { users, events } = levels.body;

		const raise = await call(sandbox.url, 'PUT', path, {
			token: bob.accessToken,
			json: { ...levels.body, users: { ...users, [bob.userId]: 100 } },
		});
		const allowed = await call(sandbox.url, 'PUT', path, {
			token: bob.accessToken,
			json: { ...levels.body, events: { ...events, 'm.room.topic': 0 } },
		});

		assertError(raise, 403, 'M_FORBIDDEN');
		assert.equal(allowed.status, 200);
	});

	it('answers 400 for /messages without dir or with a bad token', async () => {
		const noDir = await call(sandbox.url, 'GET', `${roomPath(roomId)}/messages`, {
			token: alice.accessToken,
		});
		const badFrom = await messages(roomId, `dir=b&from=zzz`);

		assertError(noDir, 400, 'M_MISSING_PARAM');
		assertError(badFrom, 400, 'M_INVALID_PARAM');
	});
});
