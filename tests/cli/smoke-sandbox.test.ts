import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { runCli, runSmoke } from './helpers.ts';

const examples = await loadGuideExamples();
let sandbox: RunningSandbox;

before(async () => {
	sandbox = await startSandbox({ port: 0 });
});
after(async () => {
	await sandbox.close();
});

test('passes every step of the guide against --sandbox and exits 0', async () => {
	const run = await runSmoke(['--sandbox']);

	assert.equal(run.code, 0, run.stdout + run.stderr);
	for (const example of examples) {
		assert.match(
			run.stdout,
			new RegExp(`^PASS  ${example.id} +\\d{3} +\\d+ ms  `, 'm'),
			example.id,
		);
	}
	const total = examples.length;
	assert.match(
		run.stdout,
		new RegExp(`^${total} steps in .*: ${total} passed, 0 failed, 0 skipped\\.$`, 'm'),
	);
	assert.match(run.stderr, /sandbox homeserver at http:\/\/127\.0\.0\.1:\d+/);
});

test('runs the steps in page order, one line each with status and time', async () => {
	const run = await runSmoke([sandbox.url]);

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(run.stdout, new RegExp(`^Smoke test of ${sandbox.url} \\(as given\\)`, 'm'));
	const ids = [...run.stdout.matchAll(/^(?:PASS|FAIL|SKIP) {2}(\S+)/gm)].map((m) => m[1]);
	const woken = new Set(examples.filter((e) => e.wokenBy).map((e) => e.id));
	// A long-poll's line comes when it ends, after the step that wakes it.
	assert.deepEqual(
		ids.filter((id) => !woken.has(id ?? '')),
		examples.map((e) => e.id).filter((id) => !woken.has(id)),
	);
	assert.equal(ids.length, examples.length);
	assert.match(run.stdout, /^PASS  register-start +401 +\d+ ms  Ask to register$/m);
});

test('answers the long-poll early, woken by the step that follows it', async () => {
	const run = await runSmoke([sandbox.url, '--reporter', 'json']);
	const report = JSON.parse(run.stdout);
	const poll = report.steps.find((step: { id: string }) => step.id === 'sync-long-poll');

	assert.equal(run.code, 0, run.stderr);
	assert.equal(poll.outcome, 'passed');
	assert.ok(poll.ms < 5000, `the long-poll took ${poll.ms} ms`);
	assert.match(poll.notes.join('\n'), /of its 20000 ms timeout, woken by friend-says-hello/);
});

test('exits 2 with a usage line when no server is given', async () => {
	const run = await runSmoke([]);

	assert.equal(run.code, 2);
	assert.match(run.stderr, /smoke needs a server name .*or --sandbox/);
});

test('exits 2 for --sandbox with a server, an unknown reporter, or --output alone', async () => {
	const both = await runSmoke(['--sandbox', 'http://127.0.0.1:1']);
	const reporter = await runSmoke(['--sandbox', '--reporter', 'xml']);
	const output = await runSmoke(['--sandbox', '--output', 'report.xml']);
	const option = await runSmoke(['--sandbox', '--colour']);

	assert.equal(both.code, 2);
	assert.match(both.stderr, /either --sandbox or a server/);
	assert.equal(reporter.code, 2);
	assert.match(reporter.stderr, /--reporter must be one of junit, tap, json, got "xml"/);
	assert.equal(output.code, 2);
	assert.match(output.stderr, /--output needs --reporter/);
	assert.equal(option.code, 2);
	assert.match(option.stderr, /--colour/);
});

test('exits 2 for a URL into the API instead of a base URL', async () => {
	const run = await runSmoke(['http://127.0.0.1:8008/_matrix/client/versions']);

	assert.equal(run.code, 2);
	assert.match(run.stderr, /give the base URL, the part before \/_matrix/);
});

test('lists smoke in the command overview and explains it with --help', async () => {
	const overview = await runCli(['--help']);
	const help = await runSmoke(['--help']);

	assert.match(overview.stdout, /^ {2}smoke {6}/m);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /--reporter junit\|tap\|json/);
	assert.match(help.stdout, /MATRIX_HOWTO_ACCESS_TOKEN/);
});
