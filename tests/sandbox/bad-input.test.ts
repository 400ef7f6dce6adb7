import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from 'node:net';
import { createLogger } from '../../src/node/logger.ts';
import { eventMatches } from '../../src/sandbox/filter.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';

test('a type pattern full of stars is matched in linear time', () => {
	const event = { type: 'a'.repeat(40), sender: '@a:b', content: {} };
	const started = performance.now();

	const matched = eventMatches({ types: ['*'.repeat(30) + 'X'] }, event as never);

	assert.equal(matched, false);
	assert.ok(performance.now() - started < 50, 'took too long');
	assert.equal(eventMatches({ types: ['a*a*a'] }, event as never), true);
	assert.equal(
		eventMatches({ types: ['m.room.*'] }, { ...event, type: 'm.room.message' } as never),
		true,
	);
	assert.equal(eventMatches({ types: ['m.*.x'] }, { ...event, type: 'm.x' } as never), false);
});

test('a client that hangs up mid-body is not logged as an internal error', async () => {
	const lines: string[] = [];
	const sandbox = await startSandbox({
		port: 0,
		logger: createLogger('info', (line) => lines.push(line)),
	});
	try {
		const { port } = new URL(sandbox.url);
		await new Promise<void>((done) => {
			const socket = connect(Number(port), '127.0.0.1', () => {
				socket.write(
					'POST /_matrix/client/v3/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"user',
				);
				setTimeout(() => {
					socket.destroy();
					done();
				}, 50);
			});
		});
		await new Promise((resolve) => setTimeout(resolve, 100));

		assert.deepEqual(
			lines.filter((line) => line.includes('failed')),
			[],
		);
	} finally {
		await sandbox.close();
	}
});

test('a createRoom that its own power levels forbid leaves no room behind', () =>
	withSandbox(async (sandbox) => {
		const register = async (username: string) => {
			const answer = await fetch(`${sandbox.url}/_matrix/client/v3/register`, {
				method: 'POST',
				body: JSON.stringify({ username, password: 'pw-123456', auth: { type: 'm.login.dummy' } }),
			});
			return (await answer.json()) as { access_token: string; user_id: string };
		};
		const alice = await register('alice');
		const bob = await register('bob');
		const call = (path: string, method: string, body?: unknown) =>
			fetch(`${sandbox.url}/_matrix/client/v3${path}`, {
				method,
				headers: { Authorization: `Bearer ${alice.access_token}` },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
			});

		const refused = await call('/createRoom', 'POST', {
			room_alias_name: 'kept',
			invite: [bob.user_id],
			power_level_content_override: { invite: 100, users: { [alice.user_id]: 50 } },
		});
		const big = await call('/createRoom', 'POST', { topic: 'x'.repeat(70_000) });
		const joined = (await (await call('/joined_rooms', 'GET')).json()) as {
			joined_rooms: string[];
		};
		const again = await call('/createRoom', 'POST', { room_alias_name: 'kept' });

		assert.equal(refused.status, 403);
		assert.equal(big.status, 413);
		assert.deepEqual(joined.joined_rooms, []);
		assert.equal(again.status, 200);
	}));

test('.well-known never points at a host the client made up', () =>
	withSandbox(async (sandbox) => {
		const { port } = new URL(sandbox.url);
		const body = await new Promise<string>((done, fail) => {
			const socket = connect(Number(port), '127.0.0.1', () => {
				socket.write(
					'GET /.well-known/matrix/client HTTP/1.1\r\nHost: evil.example:443\r\nConnection: close\r\n\r\n',
				);
			});
			let text = '';
			socket.on('data', (chunk) => (text += chunk.toString()));
			socket.on('end', () => done(text));
			socket.on('error', fail);
		});

		assert.match(body, new RegExp(`"base_url":"http://127\\.0\\.0\\.1:${port}"`));
		assert.doesNotMatch(body, /evil/);
	}));

test('an alias name with a control character and an empty device_id are handled', () =>
	withSandbox(async (sandbox) => {
		const registered = await fetch(`${sandbox.url}/_matrix/client/v3/register`, {
			method: 'POST',
			body: JSON.stringify({
				username: 'carol',
				password: 'pw-123456',
				device_id: '',
				auth: { type: 'm.login.dummy' },
			}),
		});
		const account = (await registered.json()) as { access_token: string; device_id: string };
		const room = await fetch(`${sandbox.url}/_matrix/client/v3/createRoom`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${account.access_token}` },
			body: JSON.stringify({ room_alias_name: '\u0000x' }),
		});

		assert.match(account.device_id, /^[A-Z]{10}$/);
		assert.equal(room.status, 400);
		assert.equal(((await room.json()) as { errcode: string }).errcode, 'M_INVALID_PARAM');
	}));

/** Runs `check` against a fresh in-memory sandbox, closed afterwards whatever happens. */
async function withSandbox(check: (sandbox: RunningSandbox) => Promise<void>): Promise<void> {
	const sandbox = await startSandbox({ port: 0 });
	try {
		await check(sandbox);
	} finally {
		await sandbox.close();
	}
}

/** Writes raw bytes to the sandbox and reads everything it answers until it closes. */
async function rawExchange(url: string, bytes: string): Promise<string> {
	const { port } = new URL(url);
	return await new Promise<string>((resolve, reject) => {
		const chunks: Buffer[] = [];
		const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
		socket.setTimeout(5000, () => socket.destroy(new Error('the sandbox did not close')));
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

/** Splits a raw HTTP answer into its status line, headers (lower-case names) and JSON body. */
function parseRaw(answer: string): { status: string; headers: Map<string, string>; body: unknown } {
	const [head = '', body = ''] = answer.split('\r\n\r\n');
	const [status = '', ...lines] = head.split('\r\n');
	const headers = new Map(
		lines.map((line) => {
			const colon = line.indexOf(':');
			return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
		}),
	);
	return { status, headers, body: JSON.parse(body) };
}

test('a request Node cannot parse is answered with an errcode and CORS headers', () =>
	withSandbox(async (sandbox) => {
		for (const bytes of [
			'BREW /_matrix/client/versions HTTP/1.1\r\nHost: x\r\n\r\n',
			'GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
		]) {
			const answer = parseRaw(await rawExchange(sandbox.url, bytes));

			assert.match(answer.status, /^HTTP\/1\.1 400 /, bytes);
			assert.equal(answer.headers.get('access-control-allow-origin'), '*');
			assert.equal(answer.headers.get('content-type'), 'application/json');
			assert.equal((answer.body as { errcode: string }).errcode, 'M_UNRECOGNIZED');
			assert.match((answer.body as { error: string }).error, /not well-formed HTTP/);
		}

		const huge = parseRaw(
			await rawExchange(
				sandbox.url,
				`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
			),
		);
		assert.match(huge.status, /^HTTP\/1\.1 431 /);
		assert.equal(huge.headers.get('access-control-allow-origin'), '*');
		assert.match((huge.body as { error: string }).error, /headers are too large/);
	}));

test('an HTTP/1.1 request without a Host header gets a Matrix error saying so', () =>
	withSandbox(async (sandbox) => {
		const answer = parseRaw(
			await rawExchange(
				sandbox.url,
				'GET /_matrix/client/versions HTTP/1.1\r\nConnection: close\r\n\r\n',
			),
		);

		assert.match(answer.status, /^HTTP\/1\.1 400 /);
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
		assert.deepEqual(Object.keys(answer.body as object).sort(), ['errcode', 'error']);
		assert.match((answer.body as { error: string }).error, /no Host header/);

		// HTTP/1.0 has no Host requirement; such a request is served.
		const old = await rawExchange(sandbox.url, 'GET /_matrix/client/versions HTTP/1.0\r\n\r\n');
		assert.match(old, /^HTTP\/1\.1 200 /);
	}));

test('a valid request followed by garbage on the same connection is answered, then the garbage', () =>
	withSandbox(async (sandbox) => {
		const body = JSON.stringify({
			username: 'pipelined',
			password: 'pw-123456789',
			auth: { type: 'm.login.dummy' },
		});
		const raw = await rawExchange(
			sandbox.url,
			`POST /_matrix/client/v3/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}GARBAGE LINE\r\n\r\n`,
		);

		const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]);
		assert.deepEqual(statuses, ['200', '400'], raw);
		const available = await fetch(
			`${sandbox.url}/_matrix/client/v3/register/available?username=pipelined`,
		);
		assert.equal(available.status, 400, 'the registration was not carried out');
		assert.equal(((await available.json()) as { errcode: string }).errcode, 'M_USER_IN_USE');
	}));

test('an Expect header other than 100-continue gets a Matrix 417 with CORS', () =>
	withSandbox(async (sandbox) => {
		const answer = parseRaw(
			await rawExchange(
				sandbox.url,
				'POST /_matrix/client/v3/login HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
			),
		);

		assert.match(answer.status, /^HTTP\/1\.1 417 /);
		assert.equal(answer.headers.get('access-control-allow-origin'), '*');
		assert.equal((answer.body as { errcode: string }).errcode, 'M_UNRECOGNIZED');
	}));

test('a request target in absolute form is served like its path', () =>
	withSandbox(async (sandbox) => {
		const answer = parseRaw(
			await rawExchange(
				sandbox.url,
				'GET http://elsewhere.invalid/_matrix/client/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
			),
		);

		assert.match(answer.status, /^HTTP\/1\.1 200 /);
		assert.ok(Array.isArray((answer.body as { versions: unknown }).versions));
	}));
