import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	assertError,
	call,
	createRoom,
	roomPath,
	testPassword,
	uniqueName,
	useSandbox,
} from './helpers.ts';

const r0 = '/_matrix/client/r0';

describe('legacy paths off (the default)', () => {
	const { sandbox, alice } = useSandbox({ users: 1 });

	it('answers 404 for r0 paths, pointing at v3', async () => {
		const answer = await call(sandbox.url, 'GET', `${r0}/login`);

		assertError(answer, 404, 'M_UNRECOGNIZED');
		assert.match(answer.body.error, /retired in spec v1\.1.*\/_matrix\/client\/v3\//);
	});

	it('answers 404 for POST send without a transaction ID, pointing at PUT', async () => {
		const roomId = await createRoom(sandbox.url, alice);

		const answer = await call(sandbox.url, 'POST', `${roomPath(roomId)}/send/m.room.message`, {
			token: alice.accessToken,
			json: { msgtype: 'm.text', body: 'old style' },
		});

		assert.equal(answer.status, 404);
		assert.match(answer.body.error, /PUT \.\.\.\/send\/\{eventType\}\/\{txnId\}/);
	});

	it('lists no r0 versions', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/versions');

		assert.ok(!answer.body.versions.some((v: string) => v.startsWith('r0')));
	});
});

describe('legacy paths on', () => {
	const { sandbox } = useSandbox({ legacyPaths: true });

	it('runs the 2016 guide: one-call register, login with user, POST send', async () => {
		const username = uniqueName();
		const registered = await call(sandbox.url, 'POST', `${r0}/register`, {
			json: { username, password: testPassword, auth: { type: 'm.login.dummy' } },
		});
		const login = await call(sandbox.url, 'POST', `${r0}/login`, {
			json: { type: 'm.login.password', user: username, password: testPassword },
		});
		const token = login.body.access_token;
		const created = await call(sandbox.url, 'POST', `${r0}/createRoom`, {
			token,
			json: { room_alias_name: uniqueName('tutorial') },
		});
		const path = `${r0}/rooms/${encodeURIComponent(created.body.room_id)}/send/m.room.message`;
		const json = { msgtype: 'm.text', body: 'hello' };
		const first = await call(sandbox.url, 'POST', path, { token, json });
		const second = await call(sandbox.url, 'POST', path, { token, json });

		assert.equal(registered.status, 200);
		assert.equal(login.status, 200);
		assert.equal(created.status, 200);
		assert.equal(first.status, 200);
		assert.notEqual(first.body.event_id, second.body.event_id);
	});

	it('lists the r0 versions beside v1.x', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/versions');

		assert.ok(answer.body.versions.includes('r0.6.1'));
		assert.ok(answer.body.versions.includes('v1.18'));
	});
});
