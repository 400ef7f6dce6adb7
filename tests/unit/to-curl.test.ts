import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { buildRequest, type BuiltRequest } from '../../src/matrix/build-request.ts';
import { toCurl } from '../../src/matrix/to-curl.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';

const examples = await loadGuideExamples();
const values = {
	baseUrl: 'http://localhost:8008',
	'me.accessToken': 'syt_cmVhZGVy_token',
	'friend.accessToken': 'syt_ZnJpZW5k_token',
	roomId: '!room:localhost',
	nextBatch: 's72_4',
	roomAliasName: 'tutorial',
};

function guideRequest(id: string): BuiltRequest {
	const example = examples.find((item) => item.id === id);
	assert.ok(example, `the guide has no example "${id}"`);
	const built = buildRequest(example, values, { reuse: { $txnId: 'txn1' } });
	assert.ok(built.ok, `${id} needs ${built.ok ? '' : built.missing.join(', ')}`);
	return built.request;
}

// What the shell hands to curl: the command run with printf in curl's place.
function argvOf(command: string, env: Record<string, string> = {}): string[] {
	assert.match(command, /^curl /);
	const printed = execFileSync('sh', ['-c', `printf '%s\\0' ${command.slice('curl '.length)}`], {
		env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
		encoding: 'utf8',
	});
	return printed.split('\0').slice(0, -1);
}

const hostile = `it's $HOME and \`id\` and $(id) and "quotes" and \\ and !! !$\nsecond line`;

test('quotes quotes, dollars, backticks, newlines and ! in the body and headers', () => {
	const request: BuiltRequest = {
		method: 'POST',
		url: "http://localhost:8008/_matrix/client/v3/rooms/%21it's/x",
		readableUrl: "http://localhost:8008/_matrix/client/v3/rooms/%21it's/x",
		headers: { 'Content-Type': 'application/json', 'X-Note': hostile },
		body: JSON.stringify({ body: hostile }),
		generated: {},
	};

	const command = toCurl(request);

	assert.ok(command.includes(`'\\''`), "a quote inside becomes '\\''");
	assert.deepEqual(argvOf(command), [
		request.url,
		'-H',
		'Content-Type: application/json',
		'-H',
		`X-Note: ${hostile}`,
		'--data-raw',
		request.body,
	]);
});

test('writes -X only when curl would not pick the method itself', () => {
	const get = guideRequest('login-flows');
	const post = guideRequest('create-room');
	const put = guideRequest('send-message');

	assert.match(toCurl(get), /^curl 'http/);
	assert.match(toCurl(post), /^curl 'http/);
	assert.match(toCurl({ ...post, body: null }), /^curl -X POST 'http/);
	assert.match(toCurl(put), /^curl -X PUT 'http/);
	assert.match(toCurl({ ...get, method: 'DELETE' }), /^curl -X DELETE 'http/);
});

test('sends a PUT with its body and the token in the Authorization header', () => {
	const request = guideRequest('send-message');

	const command = toCurl(request);

	const path = '/_matrix/client/v3/rooms/!room%3Alocalhost/send/m.room.message/txn1';
	assert.equal(
		command,
		[
			`curl -X PUT '${values.baseUrl}${path}'`,
			"-H 'Authorization: Bearer syt_cmVhZGVy_token'",
			"-H 'Content-Type: application/json'",
			`--data-raw '${request.body}'`,
		].join(' \\\n  '),
	);
});

test('puts $ACCESS_TOKEN in place of the token, in double quotes the shell expands', () => {
	const request = guideRequest('send-message');

	const command = toCurl(request, { tokenAs: 'env' });

	assert.ok(!command.includes('syt_cmVhZGVy_token'), 'the token itself is gone');
	assert.ok(command.includes(`-H "Authorization: Bearer $ACCESS_TOKEN"`), command);
	assert.ok(
		argvOf(command, { ACCESS_TOKEN: 'from-env' }).includes('Authorization: Bearer from-env'),
	);
});

test('sends a GET query as -G --data-urlencode with readable values', () => {
	const request = guideRequest('sync-filtered');

	const command = toCurl(request);

	assert.equal(
		command,
		[
			"curl 'http://localhost:8008/_matrix/client/v3/sync'",
			'-G',
			`--data-urlencode 'filter={"room":{"timeline":{"limit":1}}}'`,
			"-H 'Authorization: Bearer syt_cmVhZGVy_token'",
		].join(' \\\n  '),
	);
});

test('decodes each query value from the encoded URL, quote and all', () => {
	const query = `since=${encodeURIComponent(hostile)}&timeout=20000`;
	const url = `http://localhost:8008/_matrix/client/v3/sync?${query}`;
	const request: BuiltRequest = { ...guideRequest('sync-since'), url };

	const argv = argvOf(toCurl(request));

	assert.deepEqual(argv.slice(0, 6), [
		'http://localhost:8008/_matrix/client/v3/sync',
		'-G',
		'--data-urlencode',
		`since=${hostile}`,
		'--data-urlencode',
		'timeout=20000',
	]);
});

test('every guide request becomes a command sh accepts', () => {
	for (const example of examples) {
		const built = buildRequest(example, { ...values, ...fillers }, { reuse: { $txnId: 't' } });
		assert.ok(built.ok, example.id);
		for (const tokenAs of ['value', 'env'] as const) {
			const command = toCurl(built.request, { tokenAs });
			assert.doesNotThrow(() => execFileSync('sh', ['-n', '-c', command]), command);
		}
	}
});

const fillers: Record<string, string> = {
	'me.username': "o'brien",
	'me.password': 'pa$$ `w` !d',
	'me.userId': '@o:localhost',
	'me.uiaSession': 's',
	'friend.username': 'f',
	'friend.password': 'p',
	'friend.userId': '@f:localhost',
	'friend.uiaSession': 's',
	roomAliasName: 'a',
	publicRoomAliasName: 'b',
	publicRoomId: '!p:localhost',
	publicRoomAlias: '#b:localhost',
	filterId: '0',
};

const run = promisify(execFile);
const hasCurl = spawnSync('curl', ['--version']).status === 0;

test(
	'curl running the command sends the same request',
	{ skip: hasCurl ? false : 'curl is not installed' },
	async (t) => {
		const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> =
			[];
		const server = createServer((request, response) => {
			let body = '';
			request.setEncoding('utf8');
			request.on('data', (chunk: string) => (body += chunk));
			request.on('end', () => {
				seen.push({
					method: request.method ?? '',
					url: request.url ?? '',
					headers: request.headers,
					body,
				});
				response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
			});
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		t.after(() => new Promise<void>((done) => server.close(() => done())));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const requests = [guideRequest('sync-filtered'), guideRequest('send-message')].map(
			(request) => ({
				...request,
				url: request.url.replace('http://localhost:8008', base),
			}),
		);
		const withHostile: BuiltRequest = {
			method: 'POST',
			url: `${base}/_matrix/client/v3/rooms/%21a%3Ab/invite`,
			readableUrl: '',
			headers: {
				Authorization: 'Bearer tok',
				'Content-Type': 'application/json',
				'X-Note': "it's $HOME `x` !!",
			},
			body: JSON.stringify({ user_id: '@a:b', reason: hostile }),
			generated: {},
		};
		requests.push(withHostile);

		for (const request of requests) {
			const command = toCurl(request, { tokenAs: 'env' });
			// Not execFileSync: the server that answers curl runs on this process's event loop.
			await run('sh', ['-c', `${command} --silent --show-error --output /dev/null`], {
				env: {
					PATH: process.env['PATH'] ?? '/usr/bin:/bin',
					ACCESS_TOKEN: 'env-token',
					HOME: '/nowhere',
				},
				timeout: 10_000,
			});
		}

		assert.equal(seen.length, requests.length);
		requests.forEach((request, index) => {
			const got = seen[index];
			assert.ok(got);
			const sent = new URL(request.url);
			const received = new URL(got.url, base);
			assert.equal(got.method, request.method);
			assert.equal(received.pathname, sent.pathname);
			assert.deepEqual([...received.searchParams], [...sent.searchParams]);
			for (const [name, value] of Object.entries(request.headers)) {
				const expected = name === 'Authorization' ? 'Bearer env-token' : value;
				assert.equal(got.headers[name.toLowerCase()], expected, name);
			}
			assert.equal(got.body, request.body ?? '');
		});
	},
);
