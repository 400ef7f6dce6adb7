import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { register, testPassword } from '../sandbox/helpers.ts';
import {
	pathOf,
	printedStep,
	runSmoke,
	sendJson,
	startPlainSandbox,
	startVariant,
} from './helpers.ts';

const examples = await loadGuideExamples();
const passwordSteps = [
	'register-start',
	'register-finish',
	'login',
	'friend-register-start',
	'friend-register-finish',
];
const idsWith = (stdout: string, label: string) =>
	[...stdout.matchAll(new RegExp(`^${label}  (\\S+)`, 'gm'))].map((m) => m[1]);

// A server that logs in only through OAuth 2.0, as matrix.org has since 2025.
// Until `switchOn`, it is the plain sandbox, so a test can make accounts first.
async function startOAuthOnly() {
	let on = false;
	const server = await startVariant((req, res) => {
		const path = pathOf(req);
		if (!on) return false;
		if (req.method === 'GET' && path === '/_matrix/client/v3/login') {
			sendJson(res, 200, { flows: [{ type: 'm.login.sso' }, { type: 'm.login.token' }] });
		} else if (path === '/_matrix/client/v1/auth_metadata') {
			sendJson(res, 200, { issuer: 'https://auth.example.org/' });
		} else if (path === '/_matrix/client/v3/register' || path === '/_matrix/client/v3/login') {
			sendJson(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Use OAuth 2.0.' });
		} else {
			return false;
		}
		return true;
	});
	return { ...server, switchOn: () => (on = true) };
}

// The OAuth-only server, its two accounts made while it still took passwords.
async function startOAuthOnlyWithTwoAccounts(t: TestContext) {
	const server = await startOAuthOnly();
	t.after(() => server.close());
	const me = await register(server.url);
	const friend = await register(server.url);
	server.switchOn();
	return { server, me, friend };
}

// The sandbox with two accounts made beforehand, as an operator's would be.
async function startWithTwoAccounts(t: TestContext) {
	const server = await startPlainSandbox();
	t.after(() => server.close());
	return { server, me: await register(server.url), friend: await register(server.url) };
}

test("uses the given accounts' tokens and skips registering and logging in", async (t) => {
	const { server, me, friend } = await startWithTwoAccounts(t);

	const run = await runSmoke([server.url], {
		MATRIX_HOWTO_ACCESS_TOKEN: me.accessToken,
		MATRIX_HOWTO_FRIEND_ACCESS_TOKEN: friend.accessToken,
	});

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(run.stdout, new RegExp(`^ {2}me: the given account ${me.userId}$`, 'm'));
	assert.deepEqual(idsWith(run.stdout, 'SKIP'), passwordSteps);
	assert.deepEqual(printedStep(run.stdout, 'login').detail, [
		'no password was given for "me"; the run uses the access token from ' +
			'MATRIX_HOWTO_ACCESS_TOKEN',
	]);
});

test("signs the friend in with the guide's login step when given a password", async (t) => {
	const server = await startPlainSandbox();
	t.after(() => server.close());
	const friend = await register(server.url);

	const run = await runSmoke([server.url, '--friend-user', friend.userId], {
		MATRIX_HOWTO_FRIEND_PASSWORD: testPassword,
	});

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(run.stdout, new RegExp(`^ {2}friend: the given account ${friend.userId}$`, 'm'));
	assert.deepEqual(idsWith(run.stdout, 'SKIP'), [
		'friend-register-start',
		'friend-register-finish',
	]);
	assert.match(run.stdout, /^PASS  friend-says-hello /m);
});

test('exits 2 when a given access token is not accepted', async (t) => {
	const server = await startPlainSandbox();
	t.after(() => server.close());

	const run = await runSmoke([server.url], {
		MATRIX_HOWTO_ACCESS_TOKEN: 'syt_not_a_real_token_1234',
	});

	assert.equal(run.code, 2);
	assert.ok(
		run.stderr.includes(
			'The access token in MATRIX_HOWTO_ACCESS_TOKEN was not accepted: ' +
				'GET /account/whoami answered HTTP 401 M_UNKNOWN_TOKEN',
		),
		run.stderr,
	);
	assert.doesNotMatch(run.stderr, /syt_not_a_real_token_1234/);
});

test('exits 2 for a user without a password or token', async () => {
	const run = await runSmoke(['--sandbox', '--user', 'alice']);

	assert.equal(run.code, 2);
	assert.match(
		run.stderr,
		/--user "alice" needs that account's password \(MATRIX_HOWTO_PASSWORD, or --password\)/,
	);
});

test('warns that --password lands in shell history', async (t) => {
	const server = await startPlainSandbox();
	t.after(() => server.close());
	const me = await register(server.url);

	const run = await runSmoke([server.url, '--user', me.userId, '--password', testPassword]);

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.ok(
		run.stderr.includes(
			'--password is visible in shell history and process lists; ' +
				'MATRIX_HOWTO_PASSWORD keeps it out of both.',
		),
		run.stderr,
	);
	assert.match(run.stdout, /^PASS  login +200 /m);
});

test('stops with exit 2 on an OAuth-only server, asking for the access tokens', async (t) => {
	const server = await startOAuthOnly();
	t.after(() => server.close());
	server.switchOn();

	const run = await runSmoke([server.url, '--user', 'trialuser'], {
		MATRIX_HOWTO_PASSWORD: 'a-password-for-nothing',
	});

	assert.equal(run.code, 2, run.stdout + run.stderr);
	assert.equal(run.stdout, '');
	assert.equal(
		run.stderr,
		'The server offers only OAuth 2.0 login (GET /login lists m.login.sso, m.login.token), ' +
			'so password login and registration through the API are unavailable.\n' +
			'The run stops before its first step: the guide\'s steps need two accounts, "me" and ' +
			'"friend". Give existing accounts:\n' +
			'  me:     an access token in MATRIX_HOWTO_ACCESS_TOKEN\n' +
			'  friend: an access token in MATRIX_HOWTO_FRIEND_ACCESS_TOKEN\n',
	);
});

test('names both given accounts by full user ID in the header', async (t) => {
	const { server, me, friend } = await startWithTwoAccounts(t);
	const localpart = (userId: string) => userId.slice(1, userId.indexOf(':'));

	const run = await runSmoke(
		[server.url, '--user', localpart(me.userId), '--friend-user', localpart(friend.userId)],
		{ MATRIX_HOWTO_PASSWORD: testPassword, MATRIX_HOWTO_FRIEND_PASSWORD: testPassword },
	);

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(run.stdout, new RegExp(`^ {2}me: the given account ${me.userId}$`, 'm'));
	assert.match(run.stdout, new RegExp(`^ {2}friend: the given account ${friend.userId}$`, 'm'));
	assert.deepEqual(printedStep(run.stdout, 'login').detail, [`note: signed in as ${me.userId}`]);
});

test("names a bare username's account by the user ID its password check answers", async (t) => {
	const server = await startPlainSandbox();
	t.after(() => server.close());
	const me = await register(server.url);
	const name = me.userId.slice(1, me.userId.indexOf(':'));

	const run = await runSmoke([server.url, '--user', name], { MATRIX_HOWTO_PASSWORD: testPassword });

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(run.stdout, new RegExp(`^ {2}me: the given account ${me.userId}$`, 'm'));
	assert.match(
		run.stdout,
		/^ {2}friend: a new account, which the guide's registration steps make$/m,
	);
	assert.deepEqual(printedStep(run.stdout, 'login').detail, [`note: signed in as ${me.userId}`]);
	assert.match(
		printedStep(run.stdout, 'friend-register-finish').detail.join(),
		/registered @friend-/,
	);
});

test('runs the other steps on an OAuth-only server with tokens from the environment', async (t) => {
	const { server, me, friend } = await startOAuthOnlyWithTwoAccounts(t);

	const run = await runSmoke([server.url], {
		MATRIX_HOWTO_ACCESS_TOKEN: me.accessToken,
		MATRIX_HOWTO_FRIEND_ACCESS_TOKEN: friend.accessToken,
	});

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.deepEqual(idsWith(run.stdout, 'SKIP'), passwordSteps);
	assert.match(run.stdout, /^ {2}versions: .*; login: m\.login\.sso, m\.login\.token$/m);
	assert.match(run.stdout, new RegExp(`${examples.length - 5} passed, 0 failed, 5 skipped`));
});

test('skips password login on an OAuth-only server, using the token given beside a password', async (t) => {
	const { server, me, friend } = await startOAuthOnlyWithTwoAccounts(t);

	const run = await runSmoke([server.url, '--user', me.userId], {
		MATRIX_HOWTO_PASSWORD: testPassword,
		MATRIX_HOWTO_ACCESS_TOKEN: me.accessToken,
		MATRIX_HOWTO_FRIEND_ACCESS_TOKEN: friend.accessToken,
	});

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.deepEqual(idsWith(run.stdout, 'SKIP'), passwordSteps);
	assert.deepEqual(printedStep(run.stdout, 'login').detail, [
		'the server offers only OAuth 2.0 login (GET /login lists m.login.sso, m.login.token), ' +
			'so password login and registration through the API are unavailable; the run uses ' +
			'the access token from MATRIX_HOWTO_ACCESS_TOKEN instead of the password given for "me"',
	]);
	assert.match(run.stdout, /^PASS  whoami +200 /m);
});
