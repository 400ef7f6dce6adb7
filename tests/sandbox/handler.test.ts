import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLogger, type LogLevel } from '../../src/node/logger.ts';
import { createMemoryStore } from '../../src/sandbox/memory-store.ts';
import { createSandboxHandler, startSandbox } from '../../src/sandbox/server.ts';
import { assertError, call } from './helpers.ts';

describe('createSandboxHandler', () => {
	const lines: Array<{ line: string; level: LogLevel }> = [];
	let server: Server;
	let url: string;
	before(async () => {
		// A store that breaks, to reach the handler's last line of defence.
		const store = createMemoryStore();
		store.getUser = () => {
			throw new Error('disk on fire');
		};
		const logger = createLogger('debug', (line, level) => lines.push({ line, level }));
		server = createServer(createSandboxHandler({ store, logger, serverName: 'mounted.test' }));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('serves the sandbox when mounted on any node:http server', async () => {
		const answer = await call(url, 'GET', '/_matrix/client/v3/login');

		assert.equal(answer.status, 200);
		assert.deepEqual(answer.body, { flows: [{ type: 'm.login.password' }] });
	});

	it('answers 500 M_UNKNOWN and logs at error level when an endpoint throws', async () => {
		const answer = await call(url, 'GET', '/_matrix/client/v3/register/available?username=a');

		assertError(answer, 500, 'M_UNKNOWN');
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
		const errors = lines.filter((l) => l.level === 'error');
		assert.equal(errors.length, 1);
		assert.match(errors[0]?.line ?? '', /disk on fire/);
	});
});

describe('startSandbox', () => {
	it('closes cleanly when close is called twice', async () => {
		const sandbox = await startSandbox({ port: 0, serverName: 'twice.test' });

		await Promise.all([sandbox.close(), sandbox.close()]);

		await assert.rejects(fetch(`${sandbox.url}/_matrix/client/versions`));
	});
});
