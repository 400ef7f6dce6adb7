import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, call, register, testPassword, uniqueName, useSandbox } from './helpers.ts';

const registerPath = '/_matrix/client/v3/register';

describe('POST /register', () => {
	const { sandbox } = useSandbox();

	it('answers 401 with flows and a session when registering without auth', async () => {
		const answer = await call(sandbox.url, 'POST', registerPath, {
			json: { username: uniqueName(), password: testPassword },
		});

		assert.equal(answer.status, 401);
		assert.deepEqual(answer.body.flows, [{ stages: ['m.login.dummy'] }]);
		assert.deepEqual(answer.body.params, {});
		assert.equal(typeof answer.body.session, 'string');
		assert.equal(answer.body.errcode, undefined);
	});

	it('registers once the dummy stage is completed in the session', async () => {
		const username = uniqueName();
		const first = await call(sandbox.url, 'POST', registerPath, {
			json: { username, password: testPassword, device_id: 'MYLAPTOP' },
		});

		const second = await call(sandbox.url, 'POST', registerPath, {
			json: {
				username,
				password: testPassword,
				device_id: 'MYLAPTOP',
				initial_device_display_name: 'Laptop',
				auth: { type: 'm.login.dummy', session: first.body.session },
			},
		});

		assert.equal(second.status, 200);
		assert.equal(second.body.user_id, `@${username}:localhost`);
		assert.equal(second.body.device_id, 'MYLAPTOP');
		assert.equal(typeof second.body.access_token, 'string');
		const whoami = await call(sandbox.url, 'GET', '/_matrix/client/v3/account/whoami', {
			token: second.body.access_token,
		});
		assert.deepEqual(whoami.body, {
			user_id: `@${username}:localhost`,
			device_id: 'MYLAPTOP',
			is_guest: false,
		});
	});

	it('uses the first request’s parameters when the follow-up sends only auth', async () => {
		const username = uniqueName();
		const first = await call(sandbox.url, 'POST', registerPath, {
			json: { username, password: testPassword },
		});

		const second = await call(sandbox.url, 'POST', registerPath, {
			json: { auth: { type: 'm.login.dummy', session: first.body.session } },
		});

		assert.equal(second.status, 200);
		assert.equal(second.body.user_id, `@${username}:localhost`);
	});

	it('leaves out the token and device with inhibit_login', async () => {
		const username = uniqueName();
		const first = await call(sandbox.url, 'POST', registerPath, { json: {} });

		const second = await call(sandbox.url, 'POST', registerPath, {
			json: {
				username,
				password: testPassword,
				inhibit_login: true,
				auth: { type: 'm.login.dummy', session: first.body.session },
			},
		});

		assert.equal(second.status, 200);
		assert.deepEqual(second.body, { user_id: `@${username}:localhost` });
	});

	it('generates a user ID when no username is given', async () => {
		const first = await call(sandbox.url, 'POST', registerPath, { json: {} });

		const second = await call(sandbox.url, 'POST', registerPath, {
			json: {
				password: testPassword,
				auth: { type: 'm.login.dummy', session: first.body.session },
			},
		});

		assert.equal(second.status, 200);
		assert.match(second.body.user_id, /^@[a-z0-9._=\-/+]+:localhost$/);
	});

	it('answers M_USER_IN_USE before any auth stage for a taken name', async () => {
		const taken = await register(sandbox.url);
		const localpart = taken.userId.slice(1, taken.userId.indexOf(':'));

		const answer = await call(sandbox.url, 'POST', registerPath, {
			json: { username: localpart, password: testPassword },
		});

		assertError(answer, 400, 'M_USER_IN_USE');
	});

	it('answers M_INVALID_USERNAME for a name outside the user ID grammar', async () => {
		for (const username of ['Alice', 'al ice', 'al:ice', '']) {
			const answer = await call(sandbox.url, 'POST', registerPath, {
				json: { username, password: testPassword },
			});

			assertError(answer, 400, 'M_INVALID_USERNAME', username);
		}
	});

	it('answers 400 M_UNKNOWN for an unknown session', async () => {
		const answer = await call(sandbox.url, 'POST', registerPath, {
			json: {
				username: uniqueName(),
				password: testPassword,
				auth: { type: 'm.login.dummy', session: 'no-such-session' },
			},
		});

		assertError(answer, 400, 'M_UNKNOWN');
	});

	it('answers 401 with the completed stages when auth names no stage', async () => {
		const first = await call(sandbox.url, 'POST', registerPath, { json: {} });

		const answer = await call(sandbox.url, 'POST', registerPath, {
			json: { password: testPassword, auth: { session: first.body.session } },
		});

		assert.equal(answer.status, 401);
		assert.deepEqual(answer.body.completed, []);
		assert.equal(answer.body.session, first.body.session);
	});

	it('refuses guest registration with 403', async () => {
		const answer = await call(sandbox.url, 'POST', `${registerPath}?kind=guest`, { json: {} });

		assertError(answer, 403, 'M_FORBIDDEN');
	});

	it('answers available for a free name and M_USER_IN_USE for a taken one', async () => {
		const taken = await register(sandbox.url);
		const localpart = taken.userId.slice(1, taken.userId.indexOf(':'));

		const free = await call(
			sandbox.url,
			'GET',
			`${registerPath}/available?username=${uniqueName()}`,
		);
		const used = await call(sandbox.url, 'GET', `${registerPath}/available?username=${localpart}`);
		const bad = await call(sandbox.url, 'GET', `${registerPath}/available?username=UPPER`);

		assert.deepEqual(free.body, { available: true });
		assert.equal(used.body.errcode, 'M_USER_IN_USE');
		assert.equal(bad.body.errcode, 'M_INVALID_USERNAME');
	});
});
