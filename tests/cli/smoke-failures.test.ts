import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
	closedPort,
	pathOf,
	printedStep,
	runSmoke,
	sendJson,
	startServer,
	startVariant,
} from './helpers.ts';

test('fails the step whose endpoint breaks, naming it, and exits 1', async (t) => {
	let broken = false;
	const server = await startVariant((req, res) => {
		if (pathOf(req) !== '/_matrix/client/v3/createRoom' || broken) return false;
		broken = true;
		sendJson(res, 500, { errcode: 'M_UNKNOWN', error: 'Room creation is broken today.' });
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assert.equal(run.code, 1, run.stdout + run.stderr);
	assert.deepEqual(printedStep(run.stdout, 'create-room'), {
		outcome: 'FAIL',
		status: '500',
		title: 'Create a room',
		detail: ['expected HTTP 200, got 500: HTTP 500 M_UNKNOWN "Room creation is broken today."'],
	});
	assert.deepEqual(printedStep(run.stdout, 'send-message'), {
		outcome: 'SKIP',
		status: '-',
		title: 'Send a message',
		detail: ['needs the room ID from create-room, which failed'],
	});
	assert.match(run.stdout, /^PASS  create-public-room /m);
	assert.match(run.stdout, /^Failed: create-room \(Create a room\)\.$/m);
});

test('fails a step whose answer has the wrong shape for its endpoint', async (t) => {
	const server = await startVariant((req, res) => {
		if (!pathOf(req).includes('/send/m.room.message/')) return false;
		sendJson(res, 200, { event_id: 'not-an-event-id' });
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assert.equal(run.code, 1);
	assert.match(run.stdout, /^FAIL  send-message +200 /m);
	assert.match(run.stdout, /"event_id" is not an event ID \(it does not start with "\$"\)/);
});

test('waits out a 429 with retry_after_ms and passes the step', async (t) => {
	let limited = 0;
	const server = await startVariant((req, res) => {
		if (pathOf(req) !== '/_matrix/client/v3/createRoom' || limited >= 2) return false;
		limited++;
		sendJson(res, 429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Slow down', retry_after_ms: 30 });
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assert.equal(run.code, 0, run.stdout);
	assert.match(run.stdout, /^PASS  create-room +200 /m);
	assert.match(run.stdout, /note: rate limited \(429\): waited 30 ms, retry 1 of 3/);
	assert.match(run.stdout, /note: rate limited \(429\): waited 30 ms, retry 2 of 3/);
});

test('honours Retry-After in seconds and gives up after three retries', async (t) => {
	let asked = 0;
	const server = await startVariant((req, res) => {
		if (!pathOf(req).endsWith('/members')) return false;
		asked++;
		sendJson(
			res,
			429,
			{ errcode: 'M_LIMIT_EXCEEDED', error: 'Slow down' },
			{ 'Retry-After': '0' },
		);
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assert.equal(run.code, 1);
	assert.equal(asked, 4);
	assert.match(run.stdout, /^FAIL  members +429 /m);
	assert.match(run.stdout, /note: still rate limited \(429\) after 3 retries; gave up/);
});

test('exits 2 and says the connection was refused for a port nothing listens on', async () => {
	const port = await closedPort();

	const run = await runSmoke([`http://127.0.0.1:${port}`]);

	assert.equal(run.code, 2);
	const address = `127.0.0.1:${port}`;
	assert.ok(
		run.stderr.includes(
			`GET http://${address}/_matrix/client/versions: connection refused: ` +
				`nothing is listening on ${address}.`,
		),
		run.stderr,
	);
	assert.doesNotMatch(run.stderr, /fetch failed|\n\s+at /);
	assert.equal(run.stdout, '');
});

test('exits 2 naming TLS when a server name leads to a server without TLS', async (t) => {
	const server = await startServer((_req, res) => sendJson(res, 404, {}));
	t.after(() => server.close());

	const run = await runSmoke([`127.0.0.1:${server.port}`]);

	assert.equal(run.code, 2);
	assert.match(
		run.stderr,
		new RegExp(
			`GET https://127\\.0\\.0\\.1:${server.port}/\\.well-known/matrix/client: TLS failed`,
		),
	);
	assert.match(
		run.stderr,
		new RegExp(
			`give its base URL with http://, e\\.g\\. http://127\\.0\\.0\\.1:${server.port}`,
		),
	);
});

test('exits 2 naming the timeout when the server never answers', async (t) => {
	const server = await startServer(() => {});
	t.after(() => server.close());

	const run = await runSmoke([server.url, '--timeout', '0.3']);

	assert.equal(run.code, 2);
	assert.match(
		run.stderr,
		/timed out waiting for 127\.0\.0\.1:\d+ to answer \(UND_ERR_HEADERS_TIMEOUT\)/,
	);
});

test('exits 2 when the server offers none of the versions the guide needs', async (t) => {
	const server = await startVariant((req, res) => {
		if (pathOf(req) !== '/_matrix/client/versions') return false;
		sendJson(res, 200, { versions: ['r0.5.0', 'r0.6.1'] });
		return true;
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assert.equal(run.code, 2);
	assert.match(
		run.stderr,
		/offers spec versions r0\.5\.0, r0\.6\.1, but the guide needs v1\.1 or newer/,
	);
	assert.equal(run.stdout, '');
});

test('exits 2 when the URL is no Matrix homeserver', async (t) => {
	const server = await startServer((_req, res) => {
		res.writeHead(404, { 'Content-Type': 'text/html' });
		res.end('<h1>Not here</h1>');
	});
	t.after(() => server.close());

	const run = await runSmoke([server.url]);

	assert.equal(run.code, 2);
	assert.match(run.stderr, /answered HTTP 404 Not Found: no Matrix homeserver at/);
});
