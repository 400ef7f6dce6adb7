import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertError, call, register, testPassword, useSandbox } from './helpers.ts';

const loginPath = '/_matrix/client/v3/login';
const whoamiPath = '/_matrix/client/v3/account/whoami';

describe('login, logout and access tokens', () => {
	const { sandbox, alice: user } = useSandbox({ users: 1 });
	let localpart: string;
	before(() => {
		localpart = user.userId.slice(1, user.userId.indexOf(':'));
	});

	it('offers password login', async () => {
		const answer = await call(sandbox.url, 'GET', loginPath);

		assert.deepEqual(answer.body, { flows: [{ type: 'm.login.password' }] });
	});

	it('logs in with an m.id.user identifier', async () => {
		const answer = await call(sandbox.url, 'POST', loginPath, {
			json: {
				type: 'm.login.password',
				identifier: { type: 'm.id.user', user: localpart },
				password: testPassword,
			},
		});

		assert.equal(answer.status, 200);
		assert.equal(answer.body.user_id, user.userId);
		assert.equal(typeof answer.body.access_token, 'string');
		assert.equal(typeof answer.body.device_id, 'string');
		assert.notEqual(answer.body.access_token, user.accessToken);
	});

	it('logs in with the deprecated top-level user and a full user ID', async () => {
		const answer = await call(sandbox.url, 'POST', loginPath, {
			json: { type: 'm.login.password', user: user.userId, password: testPassword },
		});

		assert.equal(answer.status, 200);
		assert.equal(answer.body.user_id, user.userId);
	});

	it('answers 403 M_FORBIDDEN for a wrong password or an unknown user', async () => {
		const wrong = await call(sandbox.url, 'POST', loginPath, {
			json: { type: 'm.login.password', user: localpart, password: 'nope' },
		});
		const unknown = await call(sandbox.url, 'POST', loginPath, {
			json: { type: 'm.login.password', user: 'nobody-here', password: testPassword },
		});

		assertError(wrong, 403, 'M_FORBIDDEN');
		assertError(unknown, 403, 'M_FORBIDDEN');
	});

	it('answers 400 M_UNKNOWN for an unknown login type', async () => {
		const answer = await call(sandbox.url, 'POST', loginPath, {
			json: { type: 'm.login.token', token: 'abc' },
		});

		assertError(answer, 400, 'M_UNKNOWN');
	});

	it('answers 401 M_MISSING_TOKEN without a token', async () => {
		const answer = await call(sandbox.url, 'GET', whoamiPath);

		assertError(answer, 401, 'M_MISSING_TOKEN');
	});

	it('answers 401 M_UNKNOWN_TOKEN with soft_logout false for an unknown token', async () => {
		const answer = await call(sandbox.url, 'GET', whoamiPath, { token: 'not-a-token' });

		assertError(answer, 401, 'M_UNKNOWN_TOKEN');
		assert.equal(answer.body.soft_logout, false);
	});

	it('still accepts the deprecated access_token query parameter', async () => {
		const answer = await call(
			sandbox.url,
			'GET',
			`${whoamiPath}?access_token=${encodeURIComponent(user.accessToken)}`,
		);

		assert.equal(answer.status, 200);
		assert.equal(answer.body.user_id, user.userId);
	});

	it('invalidates the token on logout', async () => {
		const session = await call(sandbox.url, 'POST', loginPath, {
			json: { type: 'm.login.password', user: localpart, password: testPassword },
		});
		const token = session.body.access_token;

		const out = await call(sandbox.url, 'POST', '/_matrix/client/v3/logout', { token });
		const after = await call(sandbox.url, 'GET', whoamiPath, { token });

		assert.equal(out.status, 200);
		assert.deepEqual(out.body, {});
		assert.equal(after.body.errcode, 'M_UNKNOWN_TOKEN');
	});

	it('invalidates every token of the user on logout/all', async () => {
		const other = await register(sandbox.url);
		const name = other.userId.slice(1, other.userId.indexOf(':'));
		const second = await call(sandbox.url, 'POST', loginPath, {
			json: { type: 'm.login.password', user: name, password: testPassword },
		});

		await call(sandbox.url, 'POST', '/_matrix/client/v3/logout/all', {
			token: other.accessToken,
		});

		for (const token of [other.accessToken, second.body.access_token]) {
			const answer = await call(sandbox.url, 'GET', whoamiPath, { token });
			assert.equal(answer.body.errcode, 'M_UNKNOWN_TOKEN');
		}
	});
});
