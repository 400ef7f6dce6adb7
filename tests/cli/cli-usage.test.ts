import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, runSmoke } from './helpers.ts';

// What Node's parseArgs says; after `npm run smoke --` its advice about quoting misleads.
const nodeWording = /To specify a positional argument|ERR_PARSE_ARGS/;

test('explains start with --help and -h, and exits 0', async () => {
	const long = await runCli(['start', '--help']);
	const short = await runCli(['start', '-h']);

	assert.equal(long.code, 0, long.stderr);
	assert.match(long.stdout, /^Usage: matrix-howto start \[options\]$/m);
	assert.match(long.stdout, /--sandbox-port N/);
	assert.match(long.stdout, /--no-build/);
	assert.equal(short.stdout, long.stdout);
});

test('prints the overview and exits 2 when no command is given, 0 for --help', async () => {
	const none = await runCli([]);
	const help = await runCli(['--help']);

	assert.equal(none.code, 2);
	assert.match(none.stderr, /^matrix-howto needs a command\.\n\nUsage: matrix-howto <command>/);
	assert.equal(none.stdout, '');
	assert.equal(help.code, 0);
	assert.match(help.stdout, /^Usage: matrix-howto <command>/);
	assert.match(help.stdout, /Add --verbose before or after the command/);
});

test('names the unknown option and the command, for every command', async () => {
	for (const command of ['start', 'sandbox', 'smoke']) {
		const run = await runCli([command, '--frobnicate']);

		assert.equal(run.code, 2, command);
		assert.equal(
			run.stderr,
			`Unknown option --frobnicate for "matrix-howto ${command}". ` +
				'Run it with --help to see its options.\n',
		);
	}
});

test('says which option lacks its value, without quoting what followed it', async () => {
	const atEnd = await runSmoke(['--sandbox', '--timeout']);
	const beforeOption = await runSmoke(['--sandbox', '--password', '-starts-with-a-dash']);
	const port = await runCli(['sandbox', '--port']);

	assert.equal(atEnd.code, 2);
	assert.equal(
		atEnd.stderr,
		'--timeout of "matrix-howto smoke" needs a value. Run it with --help to see its options.\n',
	);
	assert.equal(beforeOption.code, 2);
	assert.match(
		beforeOption.stderr,
		/A value that starts with "-" goes after "=": --password=VALUE/,
	);
	assert.doesNotMatch(beforeOption.stderr, /starts-with-a-dash/);
	assert.equal(port.code, 2);
	assert.match(port.stderr, /^--port of "matrix-howto sandbox" needs a value\./);
});

test('refuses a value for a switch and arguments where none are taken', async () => {
	const value = await runSmoke(['--sandbox=yes']);
	const argument = await runCli(['start', 'now']);
	const beforeCommand = await runCli(['--port', '5000', 'start']);

	assert.equal(value.code, 2);
	assert.match(value.stderr, /^--sandbox of "matrix-howto smoke" takes no value, got "yes"\./);
	assert.equal(argument.code, 2);
	assert.match(argument.stderr, /^"matrix-howto start" takes no arguments, got "now"\./);
	assert.equal(beforeCommand.code, 2);
	assert.match(beforeCommand.stderr, /^Unknown option --port for "matrix-howto"; options go after/);
	for (const run of [value, argument, beforeCommand]) assert.doesNotMatch(run.stderr, nodeWording);
});

test('takes --verbose after the command, as npm scripts pass it', async () => {
	const run = await runSmoke(['--sandbox', '--verbose']);

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(
		run.stderr,
		/^--> POST http:\/\/127\.0\.0\.1:\d+\/_matrix\/client\/v3\/createRoom$/m,
	);
	assert.match(run.stderr, /^\[sandbox\] <-- POST \/_matrix\/client\/v3\/createRoom/m);
});

test('shows the sandbox and smoke help, listing --verbose', async () => {
	const sandbox = await runCli(['sandbox', '--help']);
	const smoke = await runSmoke(['-h']);

	assert.equal(sandbox.code, 0);
	assert.match(sandbox.stdout, /^ {2}--verbose +log every request/m);
	assert.equal(smoke.code, 0);
	assert.match(smoke.stdout, /^ {2}--verbose +log every request/m);
});

test('start --no-build without a built guide says to build first, before starting anything', async (t) => {
	// A copy of the code with no dist/ beside it: the checkout's own dist/ may exist.
	const copy = await mkdtemp(join(tmpdir(), 'matrix-howto-nodist-'));
	t.after(() => rm(copy, { recursive: true, force: true }));
	const root = fileURLToPath(new URL('../../', import.meta.url));
	await cp(join(root, 'src'), join(copy, 'src'), { recursive: true });
	await cp(join(root, 'package.json'), join(copy, 'package.json'));
	await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));

	const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
		const child = spawn(
			process.execPath,
			[
				join(copy, 'src/cli/launch.js'),
				'start',
				'--no-build',
				'--port',
				'0',
				'--sandbox-port',
				'0',
			],
			{ stdio: ['ignore', 'ignore', 'pipe'] },
		);
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('close', (code) => resolve({ code, stderr }));
	});

	assert.equal(run.code, 2, run.stderr);
	assert.match(run.stderr, /no built guide there\. Run npm run build first/);
	assert.doesNotMatch(run.stderr, /\n\s+at |sandbox homeserver at/);
});
