import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	assertError,
	call,
	createRoom,
	roomPath,
	type TestUser,
	uniqueName,
	useSandbox,
} from './helpers.ts';

const createPath = '/_matrix/client/v3/createRoom';

// The room's events as a member sees them, oldest first.
async function roomEvents(base: string, user: TestUser, roomId: string) {
	const answer = await call(base, 'GET', `${roomPath(roomId)}/messages?dir=f&limit=100`, {
		token: user.accessToken,
	});
	assert.equal(answer.status, 200, JSON.stringify(answer.body));
	return answer.body.chunk as Array<{ type: string; state_key?: string; content: any }>;
}

describe('createRoom and the room directory', () => {
	const { sandbox, alice, bob } = useSandbox({ users: 2 });

	it('returns only room_id, and a room ID of the usual form', async () => {
		const answer = await call(sandbox.url, 'POST', createPath, {
			token: alice.accessToken,
			json: { room_alias_name: uniqueName('only-id'), name: 'Only ID' },
		});

		assert.equal(answer.status, 200);
		assert.deepEqual(Object.keys(answer.body), ['room_id']);
		assert.match(answer.body.room_id, /^![A-Za-z]{18}:localhost$/);
	});

	it('creates the state events a real server does, in the spec’s order', async () => {
		const aliasName = uniqueName('pub');
		const roomId = await createRoom(sandbox.url, alice, {
			preset: 'public_chat',
			room_alias_name: aliasName,
			name: 'The Pub',
			topic: 'Happy hour',
			invite: [bob.userId],
		});

		const events = await roomEvents(sandbox.url, alice, roomId);

		assert.deepEqual(
			events.map((e) => e.type),
			[
				'm.room.create',
				'm.room.member',
				'm.room.power_levels',
				'm.room.canonical_alias',
				'm.room.join_rules',
				'm.room.history_visibility',
				'm.room.name',
				'm.room.topic',
				'm.room.member',
			],
		);
		const [create, join, levels, alias, rules, history, name, topic, invite] = events;
		assert.equal(create?.content.room_version, '10');
		assert.equal(create?.content.creator, alice.userId);
		assert.equal(join?.content.membership, 'join');
		assert.equal(levels?.content.users[alice.userId], 100);
		assert.equal(alias?.content.alias, `#${aliasName}:localhost`);
		assert.equal(rules?.content.join_rule, 'public');
		assert.equal(history?.content.history_visibility, 'shared');
		assert.equal(name?.content.name, 'The Pub');
		assert.equal(topic?.content.topic, 'Happy hour');
		assert.equal(invite?.state_key, bob.userId);
		assert.equal(invite?.content.membership, 'invite');
	});

	it('makes private_chat rooms invite-only with guest access', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'private_chat' });

		const events = await roomEvents(sandbox.url, alice, roomId);

		const rules = events.find((e) => e.type === 'm.room.join_rules');
		const guests = events.find((e) => e.type === 'm.room.guest_access');
		assert.equal(rules?.content.join_rule, 'invite');
		assert.equal(guests?.content.guest_access, 'can_join');
	});

	it('takes the preset from visibility when none is given', async () => {
		const publicRoom = await createRoom(sandbox.url, alice, { visibility: 'public' });
		const privateRoom = await createRoom(sandbox.url, alice, {});

		const publicRules = (await roomEvents(sandbox.url, alice, publicRoom)).find(
			(e) => e.type === 'm.room.join_rules',
		);
		const privateRules = (await roomEvents(sandbox.url, alice, privateRoom)).find(
			(e) => e.type === 'm.room.join_rules',
		);
		assert.equal(publicRules?.content.join_rule, 'public');
		assert.equal(privateRules?.content.join_rule, 'invite');
	});

	it('gives trusted_private_chat invitees the creator’s power level', async () => {
		const roomId = await createRoom(sandbox.url, alice, {
			preset: 'trusted_private_chat',
			invite: [bob.userId],
		});

		const levels = (await roomEvents(sandbox.url, alice, roomId)).find(
			(e) => e.type === 'm.room.power_levels',
		);
		assert.equal(levels?.content.users[bob.userId], 100);
	});

	it('leaves out creator in room version 11', async () => {
		const roomId = await createRoom(sandbox.url, alice, { room_version: '11' });

		const [create] = await roomEvents(sandbox.url, alice, roomId);

		assert.deepEqual(create?.content, { room_version: '11' });
	});

	it('applies initial_state, overridden by name', async () => {
		const roomId = await createRoom(sandbox.url, alice, {
			initial_state: [
				{ type: 'm.room.name', content: { name: 'from initial_state' } },
				{ type: 'org.example.setting', state_key: 'k', content: { on: true } },
			],
			name: 'from name',
		});

		const answer = await call(sandbox.url, 'GET', `${roomPath(roomId)}/state/m.room.name`, {
			token: alice.accessToken,
		});
		const custom = await call(
			sandbox.url,
			'GET',
			`${roomPath(roomId)}/state/org.example.setting/k`,
			{
				token: alice.accessToken,
			},
		);
		assert.deepEqual(answer.body, { name: 'from name' });
		assert.deepEqual(custom.body, { on: true });
	});

	it('answers 400 M_ROOM_IN_USE for a taken alias', async () => {
		const aliasName = uniqueName('taken');
		await createRoom(sandbox.url, alice, { room_alias_name: aliasName });

		const answer = await call(sandbox.url, 'POST', createPath, {
			token: bob.accessToken,
			json: { room_alias_name: aliasName },
		});

		assertError(answer, 400, 'M_ROOM_IN_USE');
	});

	it('answers 400 M_INVALID_PARAM for a full alias instead of a local part', async () => {
		for (const name of ['#wombat:localhost', 'wom bat', 'wombat:localhost']) {
			const answer = await call(sandbox.url, 'POST', createPath, {
				token: alice.accessToken,
				json: { room_alias_name: name },
			});

			assertError(answer, 400, 'M_INVALID_PARAM', name);
		}
	});

	it('answers 400 M_BAD_JSON for an unknown preset, as Synapse does', async () => {
		const answer = await call(sandbox.url, 'POST', createPath, {
			token: alice.accessToken,
			json: { preset: 'party_chat' },
		});

		assertError(answer, 400, 'M_BAD_JSON');
	});

	it('answers 400 M_UNSUPPORTED_ROOM_VERSION for an unknown room version', async () => {
		const answer = await call(sandbox.url, 'POST', createPath, {
			token: alice.accessToken,
			json: { room_version: '99' },
		});

		assertError(answer, 400, 'M_UNSUPPORTED_ROOM_VERSION');
	});

	it('resolves an alias through the directory, and 404s for an unknown one', async () => {
		const aliasName = uniqueName('dir');
		const roomId = await createRoom(sandbox.url, alice, { room_alias_name: aliasName });

		const found = await call(
			sandbox.url,
			'GET',
			`/_matrix/client/v3/directory/room/${encodeURIComponent(`#${aliasName}:localhost`)}`,
		);
		const missing = await call(
			sandbox.url,
			'GET',
			`/_matrix/client/v3/directory/room/${encodeURIComponent('#nope:localhost')}`,
		);

		assert.deepEqual(found.body, { room_id: roomId, servers: ['localhost'] });
		assertError(missing, 404, 'M_NOT_FOUND');
	});

	it('adds and deletes an alias with PUT and DELETE', async () => {
		const roomId = await createRoom(sandbox.url, alice);
		const alias = `#${uniqueName('extra')}:localhost`;
		const path = `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`;

		const put = await call(sandbox.url, 'PUT', path, {
			token: alice.accessToken,
			json: { room_id: roomId },
		});
		const again = await call(sandbox.url, 'PUT', path, {
			token: alice.accessToken,
			json: { room_id: roomId },
		});
		const deleted = await call(sandbox.url, 'DELETE', path, { token: alice.accessToken });
		const gone = await call(sandbox.url, 'GET', path);

		assert.equal(put.status, 200);
		assert.equal(again.status, 409);
		assert.equal(deleted.status, 200);
		assert.equal(gone.status, 404);
	});

	it('takes a deleted alias out of the room’s canonical alias event', async () => {
		const main = uniqueName('main');
		const roomId = await createRoom(sandbox.url, alice, { room_alias_name: main });
		const alt = `#${uniqueName('alt')}:localhost`;
		const directory = (alias: string) =>
			`/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`;
		await call(sandbox.url, 'PUT', directory(alt), {
			token: alice.accessToken,
			json: { room_id: roomId },
		});
		const statePath = `${roomPath(roomId)}/state/m.room.canonical_alias`;
		await call(sandbox.url, 'PUT', statePath, {
			token: alice.accessToken,
			json: { alias: `#${main}:localhost`, alt_aliases: [alt] },
		});

		await call(sandbox.url, 'DELETE', directory(alt), { token: alice.accessToken });
		const afterAlt = await call(sandbox.url, 'GET', statePath, { token: alice.accessToken });
		await call(sandbox.url, 'DELETE', directory(`#${main}:localhost`), {
			token: alice.accessToken,
		});
		const afterMain = await call(sandbox.url, 'GET', statePath, { token: alice.accessToken });

		assert.deepEqual(afterAlt.body, { alias: `#${main}:localhost`, alt_aliases: [] });
		assert.deepEqual(afterMain.body, { alt_aliases: [] });
	});

	it('deletes an alias its creator made even without power over the canonical alias', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });
		const alias = `#${uniqueName('bobs')}:localhost`;
		const path = `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`;
		await call(sandbox.url, 'PUT', path, { token: bob.accessToken, json: { room_id: roomId } });

		const byOther = await call(sandbox.url, 'DELETE', path, { token: bob.accessToken });
		const gone = await call(sandbox.url, 'GET', path);

		assert.equal(byOther.status, 200);
		assert.equal(gone.status, 404);
	});
});
