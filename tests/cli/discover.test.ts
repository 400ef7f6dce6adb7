import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverBaseUrl, parseTarget } from '../../src/cli/smoke/discover.ts';
import { SmokeStop } from '../../src/cli/smoke/smoke-stop.ts';
import type { FetchLike } from '../../src/matrix/send-request.ts';
import { silentLogger } from '../../src/node/logger.ts';

// A transport that answers from a table and remembers what was asked: no network.
function fakeFetch(status: number, body: string) {
	const asked: string[] = [];
	const fetch: FetchLike = async (url) => {
		asked.push(url);
		return new Response(body === '' ? null : body, {
			status,
			headers: { 'Content-Type': 'application/json' },
		});
	};
	return { sender: { fetch, logger: silentLogger }, asked };
}

test('reads http(s) URLs as base URLs and anything else as a server name', () => {
	assert.deepEqual(parseTarget('http://localhost:8008/'), {
		kind: 'base-url',
		baseUrl: 'http://localhost:8008',
	});
	assert.deepEqual(parseTarget('https://hs.example/matrix/'), {
		kind: 'base-url',
		baseUrl: 'https://hs.example/matrix',
	});
	assert.deepEqual(parseTarget('Example.ORG'), {
		kind: 'server-name',
		serverName: 'example.org',
	});
	assert.deepEqual(parseTarget('[::1]:8448'), { kind: 'server-name', serverName: '[::1]:8448' });
	assert.throws(() => parseTarget('ftp://hs.example'), /not an http:\/\/ or https:\/\/ URL/);
	assert.throws(() => parseTarget('not a name'), /neither a server name/);
});

test('asks https://<name>/.well-known/matrix/client and takes its base_url', async () => {
	const { sender, asked } = fakeFetch(
		200,
		'{"m.homeserver": {"base_url": "https://matrix.hs.example/"}}',
	);

	const found = await discoverBaseUrl('hs.example', sender);

	assert.deepEqual(asked, ['https://hs.example/.well-known/matrix/client']);
	assert.equal(found.baseUrl, 'https://matrix.hs.example');
});

test('falls back to https://<name> when there is no .well-known file (404)', async () => {
	const { sender } = fakeFetch(404, '');

	const found = await discoverBaseUrl('hs.example', sender);

	assert.equal(found.baseUrl, 'https://hs.example');
	assert.match(found.how, /\(404\)/);
});

test('stops with a clear message on any other status or bad content', async () => {
	const cases: Array<[number, string, RegExp]> = [
		[500, '{}', /answered HTTP 500/],
		[200, '', /is empty/],
		[200, 'not json', /is not a JSON object/],
		[200, '["a"]', /is not a JSON object/],
		[200, '{"m.homeserver": {}}', /has no "m\.homeserver": \{"base_url": …\}/],
		[
			200,
			'{"m.homeserver": {"base_url": "not a url"}}',
			/"not a url" as base_url, which is not a URL/,
		],
		[
			200,
			'{"m.homeserver": {"base_url": "ftp://hs.example"}}',
			/which is not an http\(s\) URL/,
		],
	];
	for (const [status, body, message] of cases) {
		const { sender } = fakeFetch(status, body);

		await assert.rejects(discoverBaseUrl('hs.example', sender), (error: unknown) => {
			assert.ok(error instanceof SmokeStop);
			assert.match(
				error.message,
				/^Discovery failed: https:\/\/hs\.example\/\.well-known\/matrix\/client /,
			);
			assert.match(error.message, message);
			return true;
		});
	}
});
