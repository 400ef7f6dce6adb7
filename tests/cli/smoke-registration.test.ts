import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { register, testPassword } from '../sandbox/helpers.ts';
import {
	pathOf,
	printedStep,
	recordSecrets,
	requireRegistrationToken,
	runCli,
	runSmoke,
	sandboxHasRegistrationModes,
	sendJson,
	startSandboxWith,
	startVariant,
	takeRequestLines,
	type Override,
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

// Registration closed as Synapse closes it.
const refuseRegistration: Override = (req, res) => {
	if (pathOf(req) !== registerPath) return false;
	sendJson(res, 403, closedAnswer);
	return true;
};

// Registration closed the same way once `closeRegistration` is called, so a
// test can make its own accounts first.
async function startClosingLater(t: TestContext) {
	let closed = false;
	const server = await startVariant((req, res, sandbox) => {
		return closed && refuseRegistration(req, res, sandbox);
	});
	t.after(() => server.close());
	return { server, closeRegistration: () => (closed = true) };
}

/** Asserts a run stopped with exit 2 before its header and its first step. */
function assertStoppedBeforeSteps(run: { code: number | null; stdout: string; stderr: string }) {
	assert.equal(run.code, 2, run.stdout + run.stderr);
	assert.equal(run.stdout, '');
	assert.doesNotMatch(run.stderr, /^(?:PASS|FAIL|SKIP) {2}/m);
	assert.doesNotMatch(run.stderr, /registered fresh/);
}

const giveMe =
	'  me:     --user NAME --password P (or MATRIX_HOWTO_USER and MATRIX_HOWTO_PASSWORD), ' +
	'or an access token in MATRIX_HOWTO_ACCESS_TOKEN';
const giveFriend =
	'  friend: --friend-user NAME --friend-password P (or MATRIX_HOWTO_FRIEND_USER and ' +
	'MATRIX_HOWTO_FRIEND_PASSWORD), or an access token in MATRIX_HOWTO_FRIEND_ACCESS_TOKEN';

test('stops with exit 2 before any step when registration is closed', modes, async (t) => {
	const seen = new Set<string>();
	const server = await startVariant(recordSecrets(seen), { registration: 'closed' });
	t.after(() => server.close());

	const run = await runSmoke([server.url, '--verbose']);
	const { requests, rest } = takeRequestLines(run.stderr);

	assertStoppedBeforeSteps(run);
	assert.match(requests.join('\n'), /^<-- POST http:\S+\/register 403 \d+ms$/m);
	assert.equal(
		rest,
		`Registration is closed on ${server.url}: POST /register answered HTTP 403 M_FORBIDDEN ` +
			'"Registration is disabled: this sandbox was started with registration closed."\n' +
			"The run stops before its first step: the guide's steps need two accounts, " +
			'"me" and "friend". Give existing accounts:\n' +
			`${giveMe}\n${giveFriend}\n`,
	);
	assert.ok(seen.size > 0, 'the registration request carried no password');
	for (const secret of seen) assert.ok(!run.stderr.includes(secret), 'a secret was printed');
});

test("quotes the server's 403 once, and asks only for the account still needed", async (t) => {
	const { server, closeRegistration } = await startClosingLater(t);
	const me = await register(server.url);
	closeRegistration();

	const run = await runSmoke([server.url, '--user', me.userId], {
		MATRIX_HOWTO_PASSWORD: testPassword,
	});

	assertStoppedBeforeSteps(run);
	const [cause, need, ...ways] = run.stderr.trimEnd().split('\n');
	assert.equal(
		cause,
		`Registration is closed on ${server.url}: POST /register answered ` +
			'HTTP 403 M_FORBIDDEN "Registration has been disabled".',
	);
	assert.equal(
		need,
		'The run stops before its first step: the guide\'s steps need the account "friend". ' +
			'Give an existing account:',
	);
	assert.deepEqual(ways, [giveFriend]);
	assert.ok(!run.stderr.includes(testPassword), 'the password was printed');
});

test('a run stopped by closed registration writes its report, saying why', async (t) => {
	const server = await startVariant(refuseRegistration);
	t.after(() => server.close());

	const run = await runSmoke([server.url, '--reporter', 'json']);
	const report = JSON.parse(run.stdout);

	assert.equal(run.code, 2, run.stderr);
	assert.deepEqual(report.steps, []);
	assert.match(report.stopped, /^Registration is closed on .*"Registration has been disabled"/);
	assert.match(report.stopped, /MATRIX_HOWTO_FRIEND_ACCESS_TOKEN$/);
});

test('runs everything but registration with given accounts on a closed server', async (t) => {
	const { server, closeRegistration } = await startClosingLater(t);
	const me = await register(server.url);
	const friend = await register(server.url);
	closeRegistration();

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
	assert.match(run.stdout, new RegExp(`: ${examples.length} passed, 0 failed, 0 skipped\\.$`, 'm'));
	assert.match(run.stdout, /^ {2}me: a new account, which the guide's registration steps make$/m);
	assert.match(printedStep(run.stdout, 'register-finish').detail.join('\n'), /registered @reader-/);
	assert.doesNotMatch(run.stdout + run.stderr, /let-me-in-42/);
});

test(
	'stops with exit 2 naming the token when registration needs one and none is given',
	modes,
	async (t) => {
		const seen = new Set<string>();
		const server = await startVariant(recordSecrets(seen), {
			registration: 'token',
			registrationToken: 'let-me-in-42',
		});
		t.after(() => server.close());

		const run = await runCli(['--verbose', 'smoke', server.url]);
		const { requests, rest } = takeRequestLines(run.stderr);

		assertStoppedBeforeSteps(run);
		assert.match(requests.join('\n'), /^<-- POST http:\S+\/register 401 \d+ms$/m);
		const [cause, need, ...ways] = rest.trimEnd().split('\n');
		assert.equal(
			cause,
			`Registration on ${server.url} needs a registration token, and none was given: ` +
				'POST /register answered HTTP 401 with the flow m.login.registration_token → m.login.dummy.',
		);
		assert.equal(
			need,
			'The run stops before its first step: the guide\'s steps need two accounts, "me" and ' +
				'"friend". Give the registration token in MATRIX_HOWTO_REGISTRATION_TOKEN ' +
				'(or --registration-token TOKEN), or existing accounts:',
		);
		assert.deepEqual(ways, [giveMe, giveFriend]);
		for (const secret of [...seen, 'let-me-in-42']) {
			assert.ok(!run.stderr.includes(secret), 'a secret was printed');
		}
	},
);

test('stops with exit 2 when registration needs stages a script cannot complete', async (t) => {
	const server = await startVariant((req, res) => {
		if (pathOf(req) !== registerPath) return false;
		const flows = [{ stages: ['m.login.recaptcha'] }, { stages: ['m.login.email.identity'] }];
		sendJson(res, 401, { flows, params: {}, session: 'uia-1' });
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url], {
		MATRIX_HOWTO_REGISTRATION_TOKEN: 'not-used-here-77',
	});

	assertStoppedBeforeSteps(run);
	assert.ok(
		run.stderr.startsWith(
			`Registration on ${server.url} needs stages the smoke test cannot complete: POST ` +
				'/register answered HTTP 401 with the flows m.login.recaptcha, or m.login.email.identity.\n',
		),
		run.stderr,
	);
	assert.match(run.stderr, /Give existing accounts:\n/);
	assert.doesNotMatch(run.stderr, /not-used-here-77/);
});

test('completes a token-then-dummy flow, one request per stage', async (t) => {
	const server = await startTokenVariant('let-me-in-42');
	t.after(() => server.close());

	const run = await runSmoke([server.url, '--registration-token', 'let-me-in-42']);

	assertNoFailures(run);
	assert.match(run.stdout, new RegExp(`: ${examples.length} passed, 0 failed, 0 skipped\\.$`, 'm'));
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
