import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, testPassword, uniqueName } from './helpers.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const token = 'cli-token-93x';

interface Run {
	stderr: string;
	url: string | undefined;
	stop: () => Promise<number | null>;
}

// Runs `matrix-howto sandbox ARGS` until its start line (or its exit), on a free port.
function runSandbox(args: string[], env: Record<string, string> = {}): Promise<Run> {
	const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
	});
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	const run: Run = {
		stderr: '',
		url: undefined,
		stop: () => {
			child.kill('SIGTERM');
			return exited;
		},
	};
	return new Promise((resolve) => {
		child.stderr.on('data', (chunk: Buffer) => {
			run.stderr += chunk.toString();
			run.url = /Homeserver: (http:\/\/\S+)/.exec(run.stderr)?.[1];
			if (run.url) resolve(run);
		});
		child.stdout.on('data', (chunk: Buffer) => {
			run.stderr += chunk.toString();
		});
		void exited.then(() => resolve(run));
	});
}

describe('matrix-howto sandbox', () => {
	const folder = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
	after(() => rmSync(folder, { recursive: true, force: true }));

	it('registers by token from the environment, and never prints the token', async () => {
		const run = await runSandbox(['--registration', 'token'], {
			MATRIX_HOWTO_REGISTRATION_TOKEN: token,
		});
		assert.ok(run.url, run.stderr);
		const username = uniqueName();
		const first = await call(run.url, 'POST', '/_matrix/client/v3/register', {
			json: { username, password: testPassword },
		});
		for (const type of ['m.login.registration_token', 'm.login.dummy']) {
			await call(run.url, 'POST', '/_matrix/client/v3/register', {
				json: { auth: { type, token, session: first.body.session } },
			});
		}
		const whoami = await call(run.url, 'POST', '/_matrix/client/v3/login', {
			json: { type: 'm.login.password', user: username, password: testPassword },
		});
		await run.stop();

		assert.equal(whoami.status, 200);
		assert.match(run.stderr, /registration token/);
		assert.ok(!run.stderr.includes(token));
	});

	it('says what is missing when token registration has no token', async () => {
		const run = await runSandbox(['--registration', 'token']);

		assert.equal(await run.stop(), 2);
		assert.match(run.stderr, /MATRIX_HOWTO_REGISTRATION_TOKEN/);
	});

	it('refuses a second sandbox on the same --data folder, and resets it once stopped', async () => {
		const data = join(folder, 'data');
		const first = await runSandbox(['--data', data]);
		const second = await runSandbox(['--data', data]);
		const busyReset = await runSandbox(['--reset', '--data', data]);
		await first.stop();
		const reset = await runSandbox(['--reset', '--data', data]);

		assert.ok(first.url);
		assert.equal(await second.stop(), 2);
		assert.match(second.stderr, /in use by another process/);
		assert.equal(await busyReset.stop(), 2);
		assert.match(reset.stderr, /Reset the sandbox data/);
	});

	it('lists its options with --help', async () => {
		const run = await runSandbox(['--help']);

		await run.stop();
		for (const option of ['--registration', '--data', '--rate-limit', '--legacy-paths', '--host']) {
			assert.ok(run.stderr.includes(option), option);
		}
	});
});
