import assert from 'node:assert/strict';
import { test } from 'node:test';
import { register, testPassword } from '../sandbox/helpers.ts';
import { recordSecrets, runSmoke, startVariant, takeRequestLines } from './helpers.ts';

test('logs the requests before the steps like the steps, and no secret in any line', async (t) => {
	const seen = new Set<string>();
	const server = await startVariant(recordSecrets(seen));
	t.after(() => server.close());
	const me = await register(server.url);
	const client = `${server.url}/_matrix/client`;

	// "me" given by token and password, the friend registered: whoami, the
	// password's check (a sign-in and out), then the registration check go out
	// before the steps. The report keeps stdout, so the step lines share stderr
	// with the request lines, in the order they came.
	const run = await runSmoke([server.url, '--verbose', '--reporter', 'json'], {
		MATRIX_HOWTO_USER: me.userId,
		MATRIX_HOWTO_PASSWORD: testPassword,
		MATRIX_HOWTO_ACCESS_TOKEN: me.accessToken,
	});
	const lines = run.stderr.split('\n');
	const header = lines.findIndex((line) => line.startsWith('Smoke test of '));
	const before = takeRequestLines(lines.slice(0, header).join('\n')).requests;

	assert.equal(run.code, 0, run.stderr);
	assert.deepEqual(
		before.map((line) => line.replace(/ \d+ms$/, '')),
		[
			`--> GET ${client}/versions`,
			`<-- GET ${client}/versions 200`,
			`--> GET ${client}/v3/login`,
			`<-- GET ${client}/v3/login 200`,
			`--> GET ${client}/v3/account/whoami`,
			`<-- GET ${client}/v3/account/whoami 200`,
			`--> POST ${client}/v3/login`,
			`<-- POST ${client}/v3/login 200`,
			`--> POST ${client}/v3/logout`,
			`<-- POST ${client}/v3/logout 200`,
			`--> POST ${client}/v3/register`,
			`<-- POST ${client}/v3/register 401`,
		],
	);
	seen.add(testPassword);
	seen.add(me.accessToken);
	// Besides those two: the friend's generated password and the tokens the steps got.
	assert.ok(seen.size >= 4, `only ${seen.size} secrets seen`);
	const output = run.stdout + run.stderr;
	for (const secret of seen) {
		assert.ok(!output.includes(secret), `a secret ending in ${secret.slice(-4)} was printed`);
	}
});
