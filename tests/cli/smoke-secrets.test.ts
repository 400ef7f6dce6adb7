import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { register, testPassword } from '../sandbox/helpers.ts';
import {
	pathOf,
	recordSecrets,
	requireRegistrationToken,
	runCli,
	sendJson,
	startVariant,
	type Override,
} from './helpers.ts';

const registrationToken = 'registration-token-7f3a9c';

const needToken = requireRegistrationToken(registrationToken);
let setUp = false;

// Wants a registration token once the test's own accounts exist, and quotes the
// caller's token back in an error message, as careless servers do.
const echoTokenInErrors: Override = (req, res, sandbox) => {
	if (!setUp) return false;
	if (!pathOf(req).endsWith('/members')) return needToken(req, res, sandbox);
	const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
	sendJson(res, 500, { errcode: 'M_UNKNOWN', error: `Cannot list members for ${token}` });
	return true;
};

test('prints no token or password in any output, report or error message', async (t) => {
	const seen = new Set<string>();
	const server = await startVariant(recordSecrets(seen, echoTokenInErrors));
	const folder = await mkdtemp(join(tmpdir(), 'matrix-howto-secrets-'));
	t.after(() => Promise.all([server.close(), rm(folder, { recursive: true, force: true })]));
	// The friend is registered beforehand and given by password on the command line.
	const friend = await register(server.url);
	setUp = true;
	const outputs: string[] = [];

	for (const reporter of ['junit', 'tap', 'json']) {
		const file = join(folder, `report.${reporter}`);
		const smoke = ['smoke', server.url, '--friend-user', friend.userId];
		const rest = ['--friend-password', testPassword, '--reporter', reporter, '--output', file];
		// --verbose before the command, and after it as `npm run smoke -- --verbose` puts it.
		const args =
			reporter === 'junit' ? ['--verbose', ...smoke, ...rest] : [...smoke, ...rest, '--verbose'];
		const run = await runCli(args, { MATRIX_HOWTO_REGISTRATION_TOKEN: registrationToken });
		assert.equal(run.code, 1, run.stdout + run.stderr);
		assert.match(run.stderr, /^--> PUT /m, reporter);
		outputs.push(run.stdout, run.stderr, await readFile(file, 'utf8'));
	}

	const all = outputs.join('\n');
	assert.match(
		all,
		/^FAIL {2}members +500 .*\n +expected HTTP 200, got 500: .* "Cannot list members for ••••/m,
	);
	assert.match(all, /^--> POST http:\/\/127\.0\.0\.1:\d+\/_matrix\/client\/v3\/register$/m);
	seen.add(registrationToken);
	seen.add(testPassword);
	seen.add(friend.accessToken);
	// Three runs: each registers "me" and logs in, and signs the friend in.
	assert.ok(seen.size >= 12, `only ${seen.size} secrets seen`);
	for (const secret of seen) {
		assert.ok(!all.includes(secret), `a secret ending in ${secret.slice(-4)} was printed`);
	}
});
