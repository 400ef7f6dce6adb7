import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { uiaSessionLifetimeMs } from '../../src/sandbox/endpoints/register.ts';
import { createSandboxHandler, startSandbox } from '../../src/sandbox/server.ts';
import { assertError, call, testPassword, uniqueName, useSandbox } from './helpers.ts';

const registerPath = '/_matrix/client/v3/register';
const validityPath = '/_matrix/client/v1/register/m.login.registration_token/validity';
const token = 'let-me-in-42';

describe('registration closed', () => {
	const { sandbox } = useSandbox({ registration: 'closed' });

	it('answers 403 M_FORBIDDEN to every registration request', async () => {
		const first = await call(sandbox.url, 'POST', registerPath, {
			json: { username: uniqueName(), password: testPassword },
		});
		const oneCall = await call(sandbox.url, 'POST', registerPath, {
			json: { username: uniqueName(), password: testPassword, auth: { type: 'm.login.dummy' } },
		});

		for (const answer of [first, oneCall]) {
			assertError(answer, 403, 'M_FORBIDDEN');
			assert.match(answer.body.error, /registration closed/);
		}
	});

	it('answers 403 to /register/available and the token check', async () => {
		const available = await call(sandbox.url, 'GET', `${registerPath}/available?username=x`);
		const validity = await call(sandbox.url, 'GET', `${validityPath}?token=${token}`);

		assert.equal(available.status, 403);
		assert.equal(validity.status, 403);
	});

	it('still lets login flows be read', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/v3/login');

		assert.equal(answer.status, 200);
	});
});

describe('registration by token', () => {
	const { sandbox } = useSandbox({ registration: 'token', registrationToken: token });
	const start = async () => {
		const username = uniqueName();
		const first = await call(sandbox.url, 'POST', registerPath, {
			json: { username, password: testPassword },
		});
		return { username, first, session: first.body.session as string };
	};

	it('offers the registration token stage before the dummy stage', async () => {
		const { first } = await start();

		assert.equal(first.status, 401);
		assert.deepEqual(first.body.flows, [
			{ stages: ['m.login.registration_token', 'm.login.dummy'] },
		]);
	});

	it('registers after the token stage and the dummy stage', async () => {
		const { username, session } = await start();

		const tokenStage = await call(sandbox.url, 'POST', registerPath, {
			json: { auth: { type: 'm.login.registration_token', token, session } },
		});
		const dummyStage = await call(sandbox.url, 'POST', registerPath, {
			json: { auth: { type: 'm.login.dummy', session } },
		});

		assert.equal(tokenStage.status, 401);
		assert.deepEqual(tokenStage.body.completed, ['m.login.registration_token']);
		assert.equal(dummyStage.status, 200);
		assert.equal(dummyStage.body.user_id, `@${username}:localhost`);
	});

	it('answers 401 with M_UNAUTHORIZED and the flows for a wrong token', async () => {
		const { session } = await start();

		const answer = await call(sandbox.url, 'POST', registerPath, {
			json: { auth: { type: 'm.login.registration_token', token: 'guess', session } },
		});

		assertError(answer, 401, 'M_UNAUTHORIZED');
		assert.equal(answer.body.session, session);
		assert.deepEqual(answer.body.completed, []);
		assert.ok(Array.isArray(answer.body.flows));
	});

	it('does not register with the dummy stage alone', async () => {
		const { session } = await start();

		const answer = await call(sandbox.url, 'POST', registerPath, {
			json: { auth: { type: 'm.login.dummy', session } },
		});

		assert.equal(answer.status, 401);
		assert.deepEqual(answer.body.completed, ['m.login.dummy']);
	});

	it('answers the token validity check', async () => {
		const right = await call(sandbox.url, 'GET', `${validityPath}?token=${token}`);
		const wrong = await call(sandbox.url, 'GET', `${validityPath}?token=nope`);
		const missing = await call(sandbox.url, 'GET', validityPath);

		assert.deepEqual(right.body, { valid: true });
		assert.deepEqual(wrong.body, { valid: false });
		assert.equal(missing.body.errcode, 'M_MISSING_PARAM');
	});
});

describe('registration options', () => {
	it('refuses to start in token mode without a token', async () => {
		await assert.rejects(startSandbox({ port: 0, registration: 'token' }), /registrationToken/);
	});

	it('forgets an unfinished session after its lifetime, answering 400 M_UNKNOWN', async () => {
		let now = Date.now();
		const server = createServer(createSandboxHandler({ now: () => now }));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const first = await call(url, 'POST', registerPath, {
			json: { username: uniqueName(), password: testPassword },
		});

		now += uiaSessionLifetimeMs + 1;
		const late = await call(url, 'POST', registerPath, {
			json: { auth: { type: 'm.login.dummy', session: first.body.session } },
		});
		await new Promise((resolve) => server.close(resolve));

		assertError(late, 400, 'M_UNKNOWN');
		assert.match(late.body.error, /expired/);
	});
});
