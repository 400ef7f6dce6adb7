import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox } from '../../src/sandbox/server.ts';
import {
	assertError,
	bodiesOf,
	call,
	createRoom,
	getMessages,
	register,
	roomPath,
	sendText,
	type TestUser,
	useSandbox,
} from './helpers.ts';

const syncPath = '/_matrix/client/v3/sync';

describe('GET /sync', () => {
	const { sandbox, alice, bob } = useSandbox({ users: 2 });
	const messages = (room: string, query: string) => getMessages(sandbox.url, alice, room, query);

	const sync = (user: TestUser, query = '') =>
		call(sandbox.url, 'GET', `${syncPath}${query}`, { token: user.accessToken });

	it('returns joined rooms with state, timeline and next_batch on an initial sync', async () => {
		const roomId = await createRoom(sandbox.url, alice, { name: 'Initial' });
		await sendText(sandbox.url, alice, roomId, 'hello');

		const answer = await sync(alice);

		assert.equal(answer.status, 200);
		assert.match(answer.body.next_batch, /^s\d+$/);
		const room = answer.body.rooms.join[roomId];
		assert.ok(room, 'the room is in rooms.join');
		const timeline = room.timeline.events;
		assert.equal(timeline.at(-1).content.body, 'hello');
		assert.equal(timeline.at(-1).unsigned.transaction_id.length > 0, true);
		assert.equal(timeline[0].room_id, undefined);
		assert.equal(typeof room.timeline.limited, 'boolean');
		assert.equal(typeof room.timeline.prev_batch, 'string');
		assert.ok(Array.isArray(room.state.events));
		assert.deepEqual(room.ephemeral, { events: [] });
		assert.deepEqual(room.account_data, { events: [] });
		assert.deepEqual(room.unread_notifications, { highlight_count: 0, notification_count: 0 });
		assert.equal(room.summary['m.joined_member_count'], 1);
		assert.deepEqual(answer.body.presence, { events: [] });
		assert.deepEqual(answer.body.account_data, { events: [] });
	});

	it('returns only what happened after since', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		const first = await sync(alice);
		await sendText(sandbox.url, alice, roomId, 'after since');

		const answer = await sync(alice, `?since=${first.body.next_batch}`);

		const room = answer.body.rooms.join[roomId];
		assert.deepEqual(bodiesOf(room.timeline.events), ['after since']);
		assert.equal(room.timeline.limited, false);
		assert.deepEqual(room.state.events, []);
		assert.notEqual(answer.body.next_batch, first.body.next_batch);
	});

	it('limits the timeline with an inline JSON filter and marks it limited', async () => {
		const roomId = await createRoom(sandbox.url, alice, { name: 'Filtered' });
		await sendText(sandbox.url, alice, roomId, 'last');
		const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1 } } }));

		const answer = await sync(alice, `?filter=${filter}`);

		const room = answer.body.rooms.join[roomId];
		assert.equal(room.timeline.events.length, 1);
		assert.equal(room.timeline.events[0].content.body, 'last');
		assert.equal(room.timeline.limited, true);
		const stateTypes = room.state.events.map((e: any) => e.type);
		assert.ok(stateTypes.includes('m.room.create'));
		assert.ok(stateTypes.includes('m.room.name'));
		const older = await messages(roomId, `dir=b&limit=1&from=${room.timeline.prev_batch}`);
		assert.equal(older.body.chunk[0].type, 'm.room.name');
	});

	it('applies a stored filter by its ID, with room and type limits', async () => {
		const wanted = await createRoom(sandbox.url, alice);
		const other = await createRoom(sandbox.url, alice);
		await sendText(sandbox.url, alice, wanted, 'wanted');
		const created = await call(
			sandbox.url,
			'POST',
			`/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/filter`,
			{
				token: alice.accessToken,
				json: { room: { rooms: [wanted], timeline: { types: ['m.room.message'] } } },
			},
		);

		const answer = await sync(alice, `?filter=${created.body.filter_id}`);

		assert.deepEqual(Object.keys(answer.body.rooms.join), [wanted]);
		assert.ok(other);
		const types = answer.body.rooms.join[wanted].timeline.events.map((e: any) => e.type);
		assert.deepEqual(types, ['m.room.message']);
	});

	it('answers 400 M_INVALID_PARAM for an unknown since token', async () => {
		for (const since of ['garbage', 's999999999']) {
			const answer = await sync(alice, `?since=${since}`);

			assertError(answer, 400, 'M_INVALID_PARAM', since);
		}
	});

	it('answers 400 for a filter that is not JSON or not a known ID', async () => {
		const notJson = await sync(alice, `?filter=${encodeURIComponent("{'room': {}}")}`);
		const unknownId = await sync(alice, '?filter=12345');

		assertError(notJson, 400, 'M_NOT_JSON');
		assertError(unknownId, 400, 'M_INVALID_PARAM');
	});

	it('shows an invite as stripped state only', async () => {
		const roomId = await createRoom(sandbox.url, alice, {
			name: 'Secret',
			invite: [bob.userId],
		});
		await sendText(sandbox.url, alice, roomId, 'members only');

		const answer = await sync(bob);

		assert.equal(answer.body.rooms.join[roomId], undefined);
		const events = answer.body.rooms.invite[roomId].invite_state.events;
		const types = events.map((e: any) => e.type);
		assert.ok(types.includes('m.room.create'));
		assert.ok(types.includes('m.room.join_rules'));
		assert.ok(types.includes('m.room.name'));
		const invite = events.find((e: any) => e.type === 'm.room.member');
		assert.equal(invite.state_key, bob.userId);
		assert.equal(invite.content.membership, 'invite');
		assert.equal(invite.sender, alice.userId);
	});

	it('sends the whole room, history included, once an invitee joins', async () => {
		const roomId = await createRoom(sandbox.url, alice, { invite: [bob.userId] });
		await sendText(sandbox.url, alice, roomId, 'before you came');
		const before = await sync(bob);
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });

		const answer = await sync(bob, `?since=${before.body.next_batch}`);

		const room = answer.body.rooms.join[roomId];
		const bodies = room.timeline.events.map((e: any) => e.content.body);
		assert.ok(bodies.includes('before you came'), 'shared history is visible after joining');
	});

	it('reports a room the user left under rooms.leave', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });
		const before = await sync(bob);
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/leave`, { token: bob.accessToken });

		const answer = await sync(bob, `?since=${before.body.next_batch}`);

		const left = answer.body.rooms.leave[roomId];
		assert.equal(left.timeline.events.at(-1).content.membership, 'leave');
	});

	it('waits for the timeout and answers empty when nothing happens', async () => {
		const { next_batch: since } = (await sync(alice)).body;
		const started = performance.now();

		const answer = await sync(alice, `?since=${since}&timeout=600`);

		const waited = performance.now() - started;
		assert.ok(waited >= 550, `waited ${waited} ms`);
		assert.deepEqual(answer.body.rooms.join, {});
		assert.equal(answer.body.next_batch, since);
	});

	it('wakes a waiting long-poll as soon as a message is sent', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		const { next_batch: since } = (await sync(alice)).body;
		const started = performance.now();

		const pending = sync(alice, `?since=${since}&timeout=5000`);
		setTimeout(() => void sendText(sandbox.url, alice, roomId, 'wake up'), 100);
		const answer = await pending;

		const waited = performance.now() - started;
		assert.ok(waited < 2000, `answered after ${waited} ms`);
		assert.equal(answer.body.rooms.join[roomId].timeline.events[0].content.body, 'wake up');
	});

	it('wakes an invitee’s long-poll on the invite', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		const { next_batch: since } = (await sync(bob)).body;
		const started = performance.now();

		const pending = sync(bob, `?since=${since}&timeout=5000`);
		setTimeout(() => {
			void call(sandbox.url, 'POST', `${roomPath(roomId)}/invite`, {
				token: alice.accessToken,
				json: { user_id: bob.userId },
			});
		}, 100);
		const answer = await pending;

		assert.ok(performance.now() - started < 2000);
		assert.ok(answer.body.rooms.invite[roomId]);
	});

	it('waits again on a repeated request instead of answering from a cache', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		const { next_batch: since } = (await sync(alice)).body;
		const woken = sync(alice, `?since=${since}&timeout=5000`);
		setTimeout(() => void sendText(sandbox.url, alice, roomId, 'once'), 50);
		const first = await woken;
		const started = performance.now();

		const repeated = await sync(alice, `?since=${first.body.next_batch}&timeout=400`);

		assert.ok(performance.now() - started >= 350, 'the repeated request waited');
		assert.deepEqual(repeated.body.rooms.join, {});
	});

	it('answers at once when a repeated since still has news', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		const { next_batch: since } = (await sync(alice)).body;
		await sendText(sandbox.url, alice, roomId, 'news');

		const first = await sync(alice, `?since=${since}&timeout=5000`);
		const again = await sync(alice, `?since=${since}&timeout=5000`);

		const ids = (answer: typeof first) =>
			answer.body.rooms.join[roomId].timeline.events.map((e: any) => e.event_id);
		assert.deepEqual(ids(again), ids(first));
		assert.equal(again.body.next_batch, first.body.next_batch);
	});

	it('reports a rejected invite under rooms.leave', async () => {
		const roomId = await createRoom(sandbox.url, alice, { invite: [bob.userId] });
		const before = await sync(bob);
		assert.ok(before.body.rooms.invite[roomId]);
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/leave`, { token: bob.accessToken });

		const answer = await sync(bob, `?since=${before.body.next_batch}`);

		assert.equal(answer.body.rooms.invite[roomId], undefined);
		const events = answer.body.rooms.leave[roomId].timeline.events;
		assert.equal(events.at(-1).content.membership, 'leave');
		assert.ok(!events.some((e: any) => e.type === 'm.room.message'));
	});

	it('lists left rooms in an initial sync only with include_leave', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/leave`, { token: bob.accessToken });
		const filter = encodeURIComponent(JSON.stringify({ room: { include_leave: true } }));

		const plain = await sync(bob);
		const withLeave = await sync(bob, `?filter=${filter}`);

		assert.equal(plain.body.rooms.leave[roomId], undefined);
		assert.ok(withLeave.body.rooms.leave[roomId]);
	});

	it('gives a prev_batch that /messages pages back from, with nothing repeated', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		for (const body of ['a', 'b', 'c', 'd']) await sendText(sandbox.url, alice, roomId, body);
		const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 2 } } }));
		const room = (await sync(alice, `?filter=${filter}`)).body.rooms.join[roomId];

		const older = await messages(roomId, `dir=b&limit=2&from=${room.timeline.prev_batch}`);

		assert.deepEqual(bodiesOf(room.timeline.events), ['c', 'd']);
		assert.deepEqual(bodiesOf(older.body.chunk), ['b', 'a']);
		assert.equal(older.body.start, room.timeline.prev_batch);
	});

	it('leaves earlier state out of the timeline and puts it in state', async () => {
		const roomId = await createRoom(sandbox.url, alice, { name: 'Split' });
		for (const body of ['1', '2', '3']) await sendText(sandbox.url, alice, roomId, body);
		const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 3 } } }));

		const room = (await sync(alice, `?filter=${filter}`)).body.rooms.join[roomId];

		const timelineIds = new Set(room.timeline.events.map((e: any) => e.event_id));
		assert.ok(room.state.events.every((e: any) => !timelineIds.has(e.event_id)));
		assert.ok(room.state.events.some((e: any) => e.type === 'm.room.name'));
	});

	it('answers waiting long-polls when the sandbox closes', async () => {
		const own = await startSandbox({ port: 0 });
		const user = await register(own.url);
		const first = await call(own.url, 'GET', syncPath, { token: user.accessToken });
		const started = performance.now();

		const pending = call(
			own.url,
			'GET',
			`${syncPath}?since=${first.body.next_batch}&timeout=10000`,
			{
				token: user.accessToken,
			},
		);
		setTimeout(() => void own.close(), 100);
		const answer = await pending;

		assert.equal(answer.status, 200);
		assert.ok(performance.now() - started < 2000);
	});
});
