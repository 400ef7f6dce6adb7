import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from 'node:net';
import { createLogger } from '../../src/node/logger.ts';
import { eventMatches } from '../../src/sandbox/filter.ts';
import { startSandbox } from '../../src/sandbox/server.ts';

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

test('a createRoom that its own power levels forbid leaves no room behind', async () => {
	const sandbox = await startSandbox({ port: 0 });
	try {
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
	} finally {
		await sandbox.close();
	}
});

test('.well-known never points at a host the client made up', async () => {
	const sandbox = await startSandbox({ port: 0 });
	try {
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
	} finally {
		await sandbox.close();
	}
});

test('an alias name with a control character and an empty device_id are handled', async () => {
	const sandbox = await startSandbox({ port: 0 });
	try {
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
	} finally {
		await sandbox.close();
	}
});
