import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, call, createRoom, roomPath, useSandbox } from './helpers.ts';

const profilePath = (userId: string) => `/_matrix/client/v3/profile/${encodeURIComponent(userId)}`;
const filterPath = (userId: string) =>
	`/_matrix/client/v3/user/${encodeURIComponent(userId)}/filter`;

describe('profiles and filters', () => {
	const { sandbox, alice, bob } = useSandbox({ users: 2 });

	it('starts a profile with the localpart as display name', async () => {
		const answer = await call(sandbox.url, 'GET', profilePath(alice.userId));

		assert.equal(answer.status, 200);
		assert.equal(answer.body.displayname, alice.userId.slice(1, alice.userId.indexOf(':')));
	});

	it('changes the display name, and member events carry it', async () => {
		const roomId = await createRoom(sandbox.url, alice);

		const put = await call(sandbox.url, 'PUT', `${profilePath(alice.userId)}/displayname`, {
			token: alice.accessToken,
			json: { displayname: 'Alice Liddell' },
		});
		const get = await call(sandbox.url, 'GET', `${profilePath(alice.userId)}/displayname`);
		const member = await call(
			sandbox.url,
			'GET',
			`${roomPath(roomId)}/state/m.room.member/${encodeURIComponent(alice.userId)}`,
			{ token: alice.accessToken },
		);

		assert.equal(put.status, 200);
		assert.deepEqual(get.body, { displayname: 'Alice Liddell' });
		assert.deepEqual(member.body, { membership: 'join', displayname: 'Alice Liddell' });
	});

	it('answers 403 for changing someone else’s profile, 404 for an unknown user', async () => {
		const other = await call(sandbox.url, 'PUT', `${profilePath(bob.userId)}/displayname`, {
			token: alice.accessToken,
			json: { displayname: 'Not Bob' },
		});
		const unknown = await call(sandbox.url, 'GET', profilePath('@nobody:localhost'));

		assert.equal(other.status, 403);
		assertError(unknown, 404, 'M_NOT_FOUND');
	});

	it('stores a filter and gives it back by ID', async () => {
		const filter = { room: { timeline: { limit: 5, types: ['m.room.message'] } } };

		const created = await call(sandbox.url, 'POST', filterPath(alice.userId), {
			token: alice.accessToken,
			json: filter,
		});
		const fetched = await call(
			sandbox.url,
			'GET',
			`${filterPath(alice.userId)}/${created.body.filter_id}`,
			{ token: alice.accessToken },
		);

		assert.equal(created.status, 200);
		assert.equal(typeof created.body.filter_id, 'string');
		assert.ok(!created.body.filter_id.startsWith('{'));
		assert.deepEqual(fetched.body, filter);
	});

	it('answers 403 for filters of another user and 404 for an unknown filter', async () => {
		const other = await call(sandbox.url, 'POST', filterPath(bob.userId), {
			token: alice.accessToken,
			json: {},
		});
		const unknown = await call(sandbox.url, 'GET', `${filterPath(alice.userId)}/999`, {
			token: alice.accessToken,
		});

		assertError(other, 403, 'M_FORBIDDEN');
		assert.equal(unknown.status, 404);
	});

	it('answers 400 M_BAD_JSON for a malformed filter', async () => {
		const answer = await call(sandbox.url, 'POST', filterPath(alice.userId), {
			token: alice.accessToken,
			json: { room: { timeline: { limit: 'ten' } } },
		});

		assertError(answer, 400, 'M_BAD_JSON');
	});
});
