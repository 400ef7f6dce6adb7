import assert from 'node:assert/strict';
import { test } from 'node:test';
import { register, testPassword } from '../sandbox/helpers.ts';
import {
	pathOf,
	printedStep,
	readBody,
	replay,
	rewriteAnswer,
	runSmoke,
	startPlainSandbox,
	startVariant,
	takeRequestLines,
} from './helpers.ts';

const wrongPassword = 'not-the-password-5d1e';

test('stops with exit 2 before its steps when either given password is refused', async (t) => {
	const server = await startPlainSandbox();
	t.after(() => server.close());
	const cases = [
		{ account: 'me', user: '--user', password: '--password', env: 'MATRIX_HOWTO' },
		{
			account: 'friend',
			user: '--friend-user',
			password: '--friend-password',
			env: 'MATRIX_HOWTO_FRIEND',
		},
	];

	for (const { account, user, password, env } of cases) {
		const { userId } = await register(server.url);

		const run = await runSmoke([server.url, user, userId], { [`${env}_PASSWORD`]: wrongPassword });

		assert.equal(run.code, 2, run.stdout + run.stderr);
		assert.equal(run.stdout, '');
		assert.equal(
			run.stderr,
			`Signing in "${account}" as ${userId} with the given password was refused: POST /login ` +
				'answered HTTP 403 M_FORBIDDEN "Invalid username or password."\n' +
				'The run stops before its first step, as it cannot check the server with an account ' +
				`it cannot sign in. Check the password in ${env}_PASSWORD (or ${password}), or give ` +
				`that account's access token in ${env}_ACCESS_TOKEN instead.\n`,
		);
	}
});

test("runs the guide's login as a step, and only there, for fresh accounts", async () => {
	const run = await runSmoke(['--sandbox', '--verbose']);
	const { requests } = takeRequestLines(run.stderr);

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(printedStep(run.stdout, 'login').detail.join(), /^note: signed in as @reader-/);
	assert.equal(requests.filter((line) => /^--> POST \S+\/v3\/login$/.test(line)).length, 1);
});

/** A sandbox that notes every access token it issues (register, login) and every logout. */
async function startSessionWatcher() {
	const issued: string[] = [];
	const loggedOut: string[] = [];
	const server = await startVariant(async (req, res, sandbox) => {
		const path = pathOf(req);
		if (path.endsWith('/v3/logout')) {
			loggedOut.push((req.headers.authorization ?? '').replace(/^Bearer /, ''));
		}
		const issuing = path.endsWith('/v3/login') || path.endsWith('/v3/register');
		if (req.method !== 'POST' || !issuing) return false;
		const body = await readBody(req);
		rewriteAnswer(res, (text) => {
			const token = JSON.parse(text).access_token;
			if (typeof token === 'string') issued.push(token);
			return text;
		});
		sandbox(replay(req, body), res);
		return true;
	});
	return { server, issued, loggedOut };
}

test('logs out every session it opened, the password check and the friend included', async (t) => {
	const { server, issued, loggedOut } = await startSessionWatcher();
	t.after(() => server.close());
	const me = await register(server.url);
	issued.length = 0;

	const run = await runSmoke([server.url, '--user', me.userId], {
		MATRIX_HOWTO_PASSWORD: testPassword,
	});

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(run.stdout, /^PASS  login +200 /m);
	// The check's session, the login step's (the guide logs it out), the fresh friend's.
	assert.equal(issued.length, 3);
	assert.deepEqual([...loggedOut].sort(), [...issued].sort());
});

test("leaves a given access token signed in: it is the reader's, not the run's", async (t) => {
	const { server, loggedOut } = await startSessionWatcher();
	t.after(() => server.close());
	const friend = await register(server.url);

	const run = await runSmoke([server.url], {
		MATRIX_HOWTO_FRIEND_ACCESS_TOKEN: friend.accessToken,
	});

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.ok(!loggedOut.includes(friend.accessToken), 'the given token was logged out');
	assert.ok(loggedOut.length > 0, "the run's own session of me was not logged out");
});
