import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger, type LogLevel } from '../../src/node/logger.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { call, register } from './helpers.ts';

describe('sandbox logging', () => {
	const lines: Array<{ line: string; level: LogLevel }> = [];
	let sandbox: RunningSandbox;
	before(async () => {
		const logger = createLogger('debug', (line, level) => lines.push({ line, level }));
		sandbox = await startSandbox({ port: 0, logger });
	});
	after(() => sandbox.close());

	it('says at start that it is a local sandbox, not a production server', () => {
		const start = lines.find((l) => l.level === 'info');

		assert.ok(start);
		assert.match(start.line, /local sandbox/);
		assert.match(start.line, /not a production server/);
		assert.ok(start.line.includes(sandbox.url));
	});

	it('logs each request in and out, with status and time', async () => {
		await call(sandbox.url, 'GET', '/_matrix/client/versions');

		const out = lines.map((l) => l.line);
		assert.ok(out.includes('<-- GET /_matrix/client/versions'));
		assert.ok(out.some((l) => /^--> GET \/_matrix\/client\/versions 200 \d+ms$/.test(l)));
	});

	it('never logs an access token, from the header or the query string', async () => {
		const user = await register(sandbox.url);
		await call(sandbox.url, 'GET', '/_matrix/client/v3/account/whoami', {
			token: user.accessToken,
		});
		await call(
			sandbox.url,
			'GET',
			'/_matrix/client/v3/sync?timeout=0&access_token=' + encodeURIComponent(user.accessToken),
		);

		const all = lines.map((l) => l.line).join('\n');
		assert.ok(!all.includes(user.accessToken));
		assert.ok(all.includes('<-- GET /_matrix/client/v3/sync?timeout=0'));
	});

	it('logs a long-poll the client gave up on, and stops waiting', async () => {
		const user = await register(sandbox.url);
		const first = await call(sandbox.url, 'GET', '/_matrix/client/v3/sync', {
			token: user.accessToken,
		});
		const aborter = new AbortController();

		const pending = fetch(
			`${sandbox.url}/_matrix/client/v3/sync?since=${first.body.next_batch}&timeout=5000`,
			{ headers: { Authorization: `Bearer ${user.accessToken}` }, signal: aborter.signal },
		);
		setTimeout(() => aborter.abort(), 50);
		await assert.rejects(pending);
		await new Promise((resolve) => setTimeout(resolve, 50));

		assert.ok(
			lines.some((l) =>
				/^-x- GET \/_matrix\/client\/v3\/sync\?.* closed by the client/.test(l.line),
			),
		);
	});

	it('never logs a registration token sent to the validity check', async () => {
		await call(
			sandbox.url,
			'GET',
			'/_matrix/client/v1/register/m.login.registration_token/validity?token=secret-guess-7',
		);

		const all = lines.map((l) => l.line).join('\n');
		assert.ok(!all.includes('secret-guess-7'));
		assert.ok(
			all.includes('<-- GET /_matrix/client/v1/register/m.login.registration_token/validity'),
		);
	});
});
