import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, call, createRoom, roomPath, type TestUser, useSandbox } from './helpers.ts';

describe('kick, ban and unban', () => {
	const { sandbox, alice, bob, carol } = useSandbox({ users: 3 });

	const act = (user: TestUser, roomId: string, action: string, json: object) =>
		call(sandbox.url, 'POST', `${roomPath(roomId)}/${action}`, { token: user.accessToken, json });
	const join = (user: TestUser, roomId: string) =>
		call(sandbox.url, 'POST', `${roomPath(roomId)}/join`, { token: user.accessToken });
	const memberEvent = (roomId: string, userId: string) =>
		call(
			sandbox.url,
			'GET',
			`${roomPath(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`,
			{ token: alice.accessToken },
		);
	const publicRoomWith = async (...members: TestUser[]) => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		for (const member of members) assert.equal((await join(member, roomId)).status, 200);
		return roomId;
	};

	it('kicks a member, who can then rejoin a public room', async () => {
		const roomId = await publicRoomWith(bob);

		const kicked = await act(alice, roomId, 'kick', { user_id: bob.userId, reason: 'Spam' });
		const member = await memberEvent(roomId, bob.userId);
		const rejoined = await join(bob, roomId);

		assert.equal(kicked.status, 200);
		assert.deepEqual(kicked.body, {});
		assert.deepEqual(member.body, { membership: 'leave', reason: 'Spam' });
		assert.equal(rejoined.status, 200);
	});

	it('answers 403 when a member without the kick level kicks', async () => {
		const roomId = await publicRoomWith(bob, carol);

		const answer = await act(bob, roomId, 'kick', { user_id: carol.userId });

		assertError(answer, 403, 'M_FORBIDDEN');
		assert.match(answer.body.error, /power level 50; yours is 0/);
	});

	it('answers 403 for kicking someone of equal power, or someone not in the room', async () => {
		const roomId = await createRoom(sandbox.url, alice, {
			preset: 'public_chat',
			power_level_content_override: { users: { [alice.userId]: 100, [bob.userId]: 100 } },
		});
		await join(bob, roomId);

		const equal = await act(alice, roomId, 'kick', { user_id: bob.userId });
		const absent = await act(alice, roomId, 'kick', { user_id: carol.userId });

		assert.equal(equal.status, 403);
		assert.match(equal.body.error, /not below your 100/);
		assert.equal(absent.status, 403);
		assert.match(absent.body.error, /not in the room/);
	});

	it('bans a user, who then cannot join, until unbanned', async () => {
		const roomId = await publicRoomWith(bob);

		const banned = await act(alice, roomId, 'ban', { user_id: bob.userId, reason: 'Rude' });
		const refused = await join(bob, roomId);
		const member = await memberEvent(roomId, bob.userId);
		const unbanned = await act(alice, roomId, 'unban', { user_id: bob.userId });
		const welcome = await join(bob, roomId);

		assert.equal(banned.status, 200);
		assert.equal(refused.status, 403);
		assert.match(refused.body.error, /banned/);
		assert.deepEqual(member.body, { membership: 'ban', reason: 'Rude' });
		assert.equal(unbanned.status, 200);
		assert.equal(welcome.status, 200);
	});

	it('bans a user who was never in the room, so they cannot be invited', async () => {
		const roomId = await createRoom(sandbox.url, alice);

		const banned = await act(alice, roomId, 'ban', { user_id: carol.userId });
		const invited = await act(alice, roomId, 'invite', { user_id: carol.userId });

		assert.equal(banned.status, 200);
		assert.equal(invited.status, 403);
	});

	it('answers 403 for unbanning someone who is not banned', async () => {
		const roomId = await publicRoomWith(bob);

		const answer = await act(alice, roomId, 'unban', { user_id: bob.userId });

		assert.equal(answer.status, 403);
		assert.match(answer.body.error, /not banned/);
	});

	it('kicks and bans through PUT state/m.room.member too', async () => {
		const roomId = await publicRoomWith(bob, carol);
		const put = (userId: string, content: object) =>
			call(
				sandbox.url,
				'PUT',
				`${roomPath(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`,
				{
					token: alice.accessToken,
					json: content,
				},
			);

		const kicked = await put(bob.userId, { membership: 'leave', reason: 'Bye' });
		const banned = await put(carol.userId, { membership: 'ban' });
		const byMember = await call(
			sandbox.url,
			'PUT',
			`${roomPath(roomId)}/state/m.room.member/${encodeURIComponent(alice.userId)}`,
			{ token: bob.accessToken, json: { membership: 'ban' } },
		);

		assert.equal(kicked.status, 200);
		assert.match(kicked.body.event_id, /^\$/);
		assert.equal((await memberEvent(roomId, bob.userId)).body.membership, 'leave');
		assert.equal(banned.status, 200);
		assert.equal((await memberEvent(roomId, carol.userId)).body.membership, 'ban');
		assert.equal(byMember.status, 403);
	});

	it('answers 400 for a missing user_id and 403 in a room the sender is not in', async () => {
		const roomId = await createRoom(sandbox.url, alice);

		const missing = await act(alice, roomId, 'kick', {});
		const outsider = await act(bob, roomId, 'ban', { user_id: alice.userId });

		assertError(missing, 400, 'M_MISSING_PARAM');
		assert.equal(outsider.status, 403);
	});

	it('shows a kicked user the room under rooms.leave, with who kicked them', async () => {
		const roomId = await publicRoomWith(bob);
		const before = await call(sandbox.url, 'GET', '/_matrix/client/v3/sync', {
			token: bob.accessToken,
		});
		await act(alice, roomId, 'kick', { user_id: bob.userId });

		const answer = await call(
			sandbox.url,
			'GET',
			`/_matrix/client/v3/sync?since=${before.body.next_batch}`,
			{ token: bob.accessToken },
		);

		const last = answer.body.rooms.leave[roomId].timeline.events.at(-1);
		assert.equal(last.content.membership, 'leave');
		assert.equal(last.sender, alice.userId);
		assert.equal(answer.body.rooms.join[roomId], undefined);
	});
});
