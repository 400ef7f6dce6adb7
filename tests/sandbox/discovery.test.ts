import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { assertError, call, register, useSandbox } from './helpers.ts';

describe('discovery and HTTP basics', () => {
	const { sandbox } = useSandbox();

	it('points .well-known at the URL the client used', async () => {
		const answer = await call(sandbox.url, 'GET', '/.well-known/matrix/client');

		assert.equal(answer.status, 200);
		assert.deepEqual(answer.body, { 'm.homeserver': { base_url: sandbox.url } });
	});

	it('lists spec versions v1.1 to v1.18', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/versions');

		assert.equal(answer.status, 200);
		assert.equal(answer.body.versions.length, 18);
		assert.equal(answer.body.versions[0], 'v1.1');
		assert.equal(answer.body.versions.at(-1), 'v1.18');
		assert.deepEqual(answer.body.unstable_features, {});
	});

	it('answers OPTIONS with CORS headers without running the endpoint', async () => {
		const answer = await call(sandbox.url, 'OPTIONS', '/_matrix/client/v3/createRoom', {
			headers: { Origin: 'https://guide.example', 'Access-Control-Request-Method': 'POST' },
		});

		assert.equal(answer.status, 200);
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
		assert.match(answer.headers.get('access-control-allow-methods') ?? '', /PUT/);
		assert.match(answer.headers.get('access-control-allow-headers') ?? '', /Authorization/);
	});

	it('puts CORS headers and JSON on errors too', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/v3/account/whoami');

		assert.equal(answer.status, 401);
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
		assert.equal(answer.headers.get('content-type'), 'application/json');
		assert.equal(answer.body.errcode, 'M_MISSING_TOKEN');
	});

	it('answers 404 M_UNRECOGNIZED for an unknown path, with CORS', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/v3/no/such/thing');

		assertError(answer, 404, 'M_UNRECOGNIZED');
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
	});

	it('answers 404 for the retired r0 paths', async () => {
		const answer = await call(sandbox.url, 'GET', '/_matrix/client/r0/login');

		assertError(answer, 404, 'M_UNRECOGNIZED');
	});

	it('answers 405 M_UNRECOGNIZED for a known path with the wrong method', async () => {
		const answer = await call(sandbox.url, 'DELETE', '/_matrix/client/v3/login');

		assertError(answer, 405, 'M_UNRECOGNIZED');
	});

	it('answers 400 M_NOT_JSON for a body that is not JSON', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			raw: '{"type": "m.login.password",',
			headers: { 'Content-Type': 'application/json' },
		});

		assertError(answer, 400, 'M_NOT_JSON');
	});

	it('answers 400 M_BAD_JSON for JSON that is not an object', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			json: [1, 2],
		});

		assertError(answer, 400, 'M_BAD_JSON');
	});

	it('answers 400 M_BAD_JSON for a field of the wrong type', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			json: { type: 42 },
		});

		assertError(answer, 400, 'M_BAD_JSON');
	});

	it('answers 400 M_MISSING_PARAM for a missing required field', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', { json: {} });

		assertError(answer, 400, 'M_MISSING_PARAM');
	});

	it('answers 413 M_TOO_LARGE for a body over 1 MiB', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/login', {
			raw: JSON.stringify({ type: 'm.login.password', padding: 'x'.repeat(1024 * 1024) }),
		});

		assertError(answer, 413, 'M_TOO_LARGE');
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
	});

	it('answers 413 M_TOO_LARGE for a chunked body that grows past 1 MiB', async () => {
		const { port } = new URL(sandbox.url);
		const status = await new Promise<number | undefined>((resolve) => {
			const req = request({
				host: '127.0.0.1',
				port,
				method: 'POST',
				path: '/_matrix/client/v3/login',
			});
			req.on('response', (res) => {
				res.resume();
				resolve(res.statusCode);
			});
			// A reset before any answer leaves the status undefined, failing the test.
			req.on('error', () => resolve(undefined));
			for (let i = 0; i < 17; i++) req.write('x'.repeat(64 * 1024));
			req.end();
		});

		assert.equal(status, 413);
	});

	it('reads a body sent without Content-Type as JSON', async () => {
		const answer = await call(sandbox.url, 'POST', '/_matrix/client/v3/register', {
			raw: JSON.stringify({ username: 'no-content-type', password: 'secret' }),
		});

		assert.equal(answer.status, 401);
		assert.ok(answer.body.session);
	});

	it('answers 400, not 500, for broken percent-encoding in a path', async () => {
		const user = await register(sandbox.url);

		const answer = await call(sandbox.url, 'GET', '/_matrix/client/v3/rooms/%E0%A4%A/members', {
			token: user.accessToken,
		});

		assertError(answer, 400, 'M_INVALID_PARAM');
	});
});
