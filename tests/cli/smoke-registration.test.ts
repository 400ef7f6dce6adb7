import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { register, testPassword } from '../sandbox/helpers.ts';
import {
	pathOf,
	printedStep,
	requireRegistrationToken,
	runSmoke,
	sandboxHasRegistrationModes,
	sendJson,
	startSandboxWith,
	startVariant,
} from './helpers.ts';

const examples = await loadGuideExamples();
const modes = (await sandboxHasRegistrationModes())
	? {}
	: { skip: 'needs sandbox registration modes (issue 3)' };
const registerPath = '/_matrix/client/v3/register';
const registrationSteps = [
	'register-start',
	'register-finish',
	'friend-register-start',
	'friend-register-finish',
];

/** Asserts a run ended with exit 0 and no failed step, and returns its counts line. */
function assertNoFailures(run: { code: number | null; stdout: string; stderr: string }) {
	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.doesNotMatch(run.stdout, /^FAIL /m);
}

const startTokenVariant = (token: string) => startVariant(requireRegistrationToken(token));

const closedAnswer = { errcode: 'M_FORBIDDEN', error: 'Registration has been disabled' };

test(
	'skips the steps that need accounts when registration is closed, and exits 0',
	modes,
	async (t) => {
		const sandbox = await startSandboxWith({ registration: 'closed' });
		t.after(() => sandbox.close());

		const run = await runSmoke([sandbox.url]);

		assertNoFailures(run);
		assert.match(
			run.stdout,
			/^SKIP  register-start +403 .*\n +registration is closed on this server/m,
		);
		assert.match(
			run.stdout,
			/^SKIP  create-room .*\n +registration is closed on this server.*--user/m,
		);
		assert.match(run.stdout, /^PASS  login-flows /m);
	},
);

test('skips with the reason when a server refuses registration with 403', async (t) => {
	const server = await startVariant((req, res) => {
		if (pathOf(req) !== registerPath) return false;
		sendJson(res, 403, closedAnswer);
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assertNoFailures(run);
	const passed = [...run.stdout.matchAll(/^PASS  (\S+)/gm)].map((m) => m[1]);
	assert.deepEqual(passed, ['login-flows']);
	const closedBecause =
		'registration is closed on this server (POST /register answered ' +
		'HTTP 403 M_FORBIDDEN "Registration has been disabled")';
	assert.deepEqual(printedStep(run.stdout, 'register-start'), {
		outcome: 'SKIP',
		status: '403',
		title: 'Ask to register',
		detail: [closedBecause],
	});
	assert.deepEqual(printedStep(run.stdout, 'login').detail, [
		`${closedBecause}; give an existing account with --user or MATRIX_HOWTO_ACCESS_TOKEN`,
	]);
	assert.match(
		run.stdout,
		new RegExp(`: 1 passed, 0 failed, ${examples.length - 1} skipped\\.$`, 'm'),
	);
});

test('runs everything but registration with given accounts on a closed server', async (t) => {
	let closed = false;
	const server = await startVariant((req, res) => {
		if (!closed || pathOf(req) !== registerPath) return false;
		sendJson(res, 403, closedAnswer);
		return true;
	});
	t.after(() => server.close());
	const me = await register(server.url);
	const friend = await register(server.url);
	closed = true;

	const run = await runSmoke([server.url, '--user', me.userId], {
		MATRIX_HOWTO_PASSWORD: testPassword,
		MATRIX_HOWTO_FRIEND_ACCESS_TOKEN: friend.accessToken,
	});

	assertNoFailures(run);
	const skipped = [...run.stdout.matchAll(/^SKIP  (\S+)/gm)].map((m) => m[1]);
	assert.deepEqual(skipped, registrationSteps);
	assert.deepEqual(printedStep(run.stdout, 'register-start').detail, [
		`"me" is the given account ${me.userId}, so it is not registered`,
	]);
	assert.match(run.stdout, /^PASS  login +200 /m);
	assert.match(run.stdout, /^PASS  sync-long-poll /m);
});

test('registers with the token from MATRIX_HOWTO_REGISTRATION_TOKEN', modes, async (t) => {
	const sandbox = await startSandboxWith({
		registration: 'token',
		registrationToken: 'let-me-in-42',
	});
	t.after(() => sandbox.close());

	const run = await runSmoke([sandbox.url], { MATRIX_HOWTO_REGISTRATION_TOKEN: 'let-me-in-42' });

	assertNoFailures(run);
	assert.match(
		run.stdout,
		new RegExp(`: ${examples.length} passed, 0 failed, 0 skipped\\.$`, 'm'),
	);
});

test(
	'skips registration, naming the option, when a token is needed and none is given',
	modes,
	async (t) => {
		const sandbox = await startSandboxWith({
			registration: 'token',
			registrationToken: 'let-me-in-42',
		});
		t.after(() => sandbox.close());

		const run = await runSmoke([sandbox.url]);

		assertNoFailures(run);
		assert.match(run.stdout, /^PASS  register-start +401 /m);
		assert.deepEqual(printedStep(run.stdout, 'register-finish').detail, [
			'registration needs a registration token (m.login.registration_token); ' +
				'pass --registration-token or set MATRIX_HOWTO_REGISTRATION_TOKEN',
		]);
	},
);

test('completes a token-then-dummy flow, one request per stage', async (t) => {
	const server = await startTokenVariant('let-me-in-42');
	t.after(() => server.close());

	const run = await runSmoke([server.url, '--registration-token', 'let-me-in-42']);

	assertNoFailures(run);
	assert.match(
		run.stdout,
		new RegExp(`: ${examples.length} passed, 0 failed, 0 skipped\\.$`, 'm'),
	);
	assert.match(
		run.stdout,
		/note: registration flow: m\.login\.registration_token → m\.login\.dummy/,
	);
	assert.match(run.stdout, /note: auth stage 1 of 2, m\.login\.registration_token: HTTP 401/);
	assert.match(run.stdout, /note: auth stage 2 of 2, m\.login\.dummy: HTTP 200/);
	assert.match(run.stderr, /--registration-token is visible in shell history/);
	assert.doesNotMatch(run.stdout + run.stderr, /let-me-in-42/);
});

test("fails registration with a wrong token and skips that account's steps", async (t) => {
	const server = await startTokenVariant('let-me-in-42');
	t.after(() => server.close());

	const run = await runSmoke([server.url], { MATRIX_HOWTO_REGISTRATION_TOKEN: 'wrong-token' });

	assert.equal(run.code, 1);
	const finish = printedStep(run.stdout, 'register-finish');
	assert.equal(finish.outcome, 'FAIL');
	assert.equal(
		finish.detail[0],
		'expected HTTP 200, got 401: HTTP 401 M_FORBIDDEN "Invalid registration token"',
	);
	assert.deepEqual(printedStep(run.stdout, 'login').detail, [
		'"me" has no account, as register-finish failed',
	]);
});
