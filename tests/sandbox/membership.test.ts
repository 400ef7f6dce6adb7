import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, call, createRoom, roomPath, uniqueName, useSandbox } from './helpers.ts';

describe('room membership', () => {
	const { sandbox, alice, bob, carol } = useSandbox({ users: 3 });

	it('lets an invited user join an invite-only room by ID', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'private_chat' });

		const invited = await call(sandbox.url, 'POST', `${roomPath(roomId)}/invite`, {
			token: alice.accessToken,
			json: { user_id: bob.userId },
		});
		const joined = await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, {
			token: bob.accessToken,
			json: {},
		});

		assert.equal(invited.status, 200);
		assert.deepEqual(invited.body, {});
		assert.equal(joined.status, 200);
		assert.deepEqual(joined.body, { room_id: roomId });
	});

	it('joins a public room by its %23-encoded alias', async () => {
		const aliasName = uniqueName('lobby');
		const roomId = await createRoom(sandbox.url, alice, {
			preset: 'public_chat',
			room_alias_name: aliasName,
		});

		const answer = await call(
			sandbox.url,
			'POST',
			`/_matrix/client/v3/join/%23${aliasName}:localhost`,
			{ token: bob.accessToken },
		);

		assert.equal(answer.status, 200);
		assert.deepEqual(answer.body, { room_id: roomId });
	});

	it('answers 403 when an uninvited user joins an invite-only room by alias', async () => {
		const aliasName = uniqueName('secret');
		await createRoom(sandbox.url, alice, { room_alias_name: aliasName });

		const answer = await call(
			sandbox.url,
			'POST',
			`/_matrix/client/v3/join/${encodeURIComponent(`#${aliasName}:localhost`)}`,
			{ token: carol.accessToken, json: {} },
		);

		assertError(answer, 403, 'M_FORBIDDEN');
		assert.match(answer.body.error, /invite-only/);
	});

	it('answers 404 M_NOT_FOUND when joining an unknown alias', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/join/%23missing:localhost', {
			token: bob.accessToken,
		});

		assertError(answer, 404, 'M_NOT_FOUND');
	});

	it('treats joining again as a no-op that still returns the room ID', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });

		const again = await call(
			sandbox.url,
			'POST',
			`/_matrix/client/v3/join/${encodeURIComponent(roomId)}`,
			{
				token: bob.accessToken,
			},
		);
		const members = await call(sandbox.url, 'GET', `${roomPath(roomId)}/members`, {
			token: bob.accessToken,
		});

		assert.deepEqual(again.body, { room_id: roomId });
		assert.equal(members.body.chunk.length, 2);
	});

	it('answers 403 when inviting someone already joined, or as a non-member', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });

		const already = await call(sandbox.url, 'POST', `${roomPath(roomId)}/invite`, {
			token: alice.accessToken,
			json: { user_id: bob.userId },
		});
		const outsider = await call(sandbox.url, 'POST', `${roomPath(roomId)}/invite`, {
			token: carol.accessToken,
			json: { user_id: carol.userId },
		});

		assert.equal(already.status, 403);
		assert.equal(outsider.status, 403);
	});

	it('answers 404 when inviting a user who does not exist', async () => {
		const roomId = await createRoom(sandbox.url, alice);

		const answer = await call(sandbox.url, 'POST', `${roomPath(roomId)}/invite`, {
			token: alice.accessToken,
			json: { user_id: '@ghost:localhost' },
		});

		assertError(answer, 404, 'M_NOT_FOUND');
	});

	it('lists member events, joined members and joined rooms', async () => {
		const roomId = await createRoom(sandbox.url, alice, { invite: [bob.userId] });

		const members = await call(sandbox.url, 'GET', `${roomPath(roomId)}/members`, {
			token: alice.accessToken,
		});
		const invitedOnly = await call(
			sandbox.url,
			'GET',
			`${roomPath(roomId)}/members?membership=invite`,
			{
				token: alice.accessToken,
			},
		);
		const joined = await call(sandbox.url, 'GET', `${roomPath(roomId)}/joined_members`, {
			token: alice.accessToken,
		});
		const rooms = await call(sandbox.url, 'GET', '/_matrix/client/v3/joined_rooms', {
			token: alice.accessToken,
		});

		assert.equal(members.status, 200);
		assert.deepEqual(
			members.body.chunk.map((e: any) => [e.state_key, e.content.membership, e.room_id]).sort(),
			[
				[alice.userId, 'join', roomId],
				[bob.userId, 'invite', roomId],
			].sort(),
		);
		assert.deepEqual(
			invitedOnly.body.chunk.map((e: any) => e.state_key),
			[bob.userId],
		);
		const localpart = alice.userId.slice(1, alice.userId.indexOf(':'));
		assert.deepEqual(joined.body.joined, { [alice.userId]: { display_name: localpart } });
		assert.ok(rooms.body.joined_rooms.includes(roomId));
	});

	it('answers 403 for the member list of a room the user was never in', async () => {
		const roomId = await createRoom(sandbox.url, alice);

		const answer = await call(sandbox.url, 'GET', `${roomPath(roomId)}/members`, {
			token: carol.accessToken,
		});

		assertError(answer, 403, 'M_FORBIDDEN');
	});

	it('leaves a room, after which sending is refused', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		await call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: bob.accessToken });

		const left = await call(sandbox.url, 'POST', `${roomPath(roomId)}/leave`, {
			token: bob.accessToken,
		});
		const send = await call(sandbox.url, 'PUT', `${roomPath(roomId)}/send/m.room.message/x1`, {
			token: bob.accessToken,
			json: { msgtype: 'm.text', body: 'still here?' },
		});
		const rooms = await call(sandbox.url, 'GET', '/_matrix/client/v3/joined_rooms', {
			token: bob.accessToken,
		});

		assert.equal(left.status, 200);
		assert.equal(send.status, 403);
		assert.ok(!rooms.body.joined_rooms.includes(roomId));
	});

	it('says why a member event cannot join someone else, knock, or name no membership', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		const put = (membership: string) =>
			call(
				sandbox.url,
				'PUT',
				`${roomPath(roomId)}/state/m.room.member/${encodeURIComponent(carol.userId)}`,
				{ token: alice.accessToken, json: { membership } },
			);

		const joinForOther = await put('join');
		const knock = await put('knock');
		const unknown = await put('bogus');

		assertError(joinForOther, 403, 'M_FORBIDDEN');
		assert.match(joinForOther.body?.error, /Only @.* can make themselves join/);
		assertError(knock, 403, 'M_FORBIDDEN');
		assert.match(knock.body?.error, /does not implement knocking/);
		assertError(unknown, 400, 'M_BAD_JSON');
		assert.match(unknown.body?.error, /one of invite, join, leave, ban or knock, not "bogus"/);
	});
});
