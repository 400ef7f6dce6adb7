import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { pathOf, runCli, sendJson, startVariant } from './helpers.ts';

const createRoomPath = '/_matrix/client/v3/createRoom';
const crashWords = /EPIPE|Unhandled 'error' event|\n\s+at /;

// The sandbox, holding the first createRoom until `release`, so the run cannot
// end before the test closes its output; `seen` lists every path asked for.
// `fail` answers that path with a 500.
async function startHolding(t: TestContext, fail?: string) {
	const seen: string[] = [];
	let release = () => {};
	const released = new Promise<void>((done) => (release = done));
	const server = await startVariant(async (req, res) => {
		const path = pathOf(req);
		seen.push(path);
		if (path === fail) {
			sendJson(res, 500, { errcode: 'M_UNKNOWN', error: 'Broken for the test.' });
			return true;
		}
		if (path === createRoomPath) await released;
		return false;
	});
	t.after(() => {
		release();
		return server.close();
	});
	return { server, seen, release };
}

test('stops quietly with status 141 when the reader closes stdout mid-run', async (t) => {
	const { server, seen, release } = await startHolding(t);

	const run = await runCli(['smoke', server.url], {}, { stream: 'stdout', afterClose: release });

	assert.equal(run.code, 141, run.stderr);
	assert.equal(run.stderr, '');
	assert.match(run.stdout, /^Smoke test of /);
	// Two steps after the held one: the run did not go on writing into nothing.
	assert.ok(!seen.some((path) => path.endsWith('/invite')), seen.join('\n'));
});

test('exits 1 when a step had failed before the reader closed stdout', async (t) => {
	const { server, release } = await startHolding(t, '/_matrix/client/v3/account/whoami');
	const closing = {
		stream: 'stdout',
		after: /^FAIL {2}whoami .*\n/m,
		afterClose: release,
	} as const;

	const run = await runCli(['smoke', server.url], {}, closing);

	assert.equal(run.code, 1, run.stderr);
	assert.doesNotMatch(run.stderr, crashWords);
});

test('closes the sandbox it started when the reader closes stderr', async () => {
	const run = await runCli(['smoke', '--sandbox', '--verbose'], {}, { stream: 'stderr' });

	// The child exits at all only once its sandbox has closed: a server still
	// listening would keep it alive.
	assert.equal(run.code, 141, run.stdout);
	assert.match(run.stderr, /^\[sandbox\] Matrix sandbox homeserver at /);
	assert.doesNotMatch(run.stdout, /^\d+ steps in /m);
});

test('the sandbox command stops when the reader closes its log', async () => {
	const askVersions = (banner: string) => {
		const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
		// Its answer does not matter: the request makes the sandbox write a log line.
		void fetch(`${url}/_matrix/client/versions`).catch(() => {});
	};

	const run = await runCli(
		['sandbox', '--port', '0', '--verbose'],
		{},
		{
			stream: 'stderr',
			afterClose: askVersions,
		},
	);

	assert.equal(run.code, 141);
	assert.doesNotMatch(run.stderr, crashWords);
});
