import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedPortOf, blockedPortSentence } from '../../src/matrix/blocked-port.ts';

test('names the ports fetch refuses, and only for http(s) URLs with that port', () => {
	assert.equal(blockedPortOf('http://127.0.0.1:9/'), 9);
	assert.equal(blockedPortOf('https://hs.example:6666'), 6666);
	assert.equal(blockedPortOf('http://localhost:8008'), null);
	// Port 80 is implied here, and a default port is never blocked.
	assert.equal(blockedPortOf('http://localhost'), null);
	assert.equal(blockedPortOf('ftp://localhost:21/'), null);
	assert.equal(blockedPortOf('not a url'), null);
});

test('agrees with the fetch that Node ships, for every port it lists', async () => {
	for (const port of [1, 25, 6000, 10080]) {
		const refused = await fetch(`http://127.0.0.1:${port}/`).then(
			() => false,
			(error: unknown) => (error as { cause?: Error }).cause?.message === 'bad port',
		);
		assert.equal(refused, true, `fetch does not refuse port ${port}`);
		assert.equal(blockedPortOf(`http://127.0.0.1:${port}/`), port);
	}
});

test('names port 0, which browsers refuse though undici only fails to connect', async () => {
	const undici = await fetch('http://127.0.0.1:0/').then(
		() => 'answered',
		(error: unknown) => (error as { cause?: Error }).cause?.message ?? 'failed',
	);

	assert.equal(blockedPortOf('http://localhost:0'), 0);
	assert.match(blockedPortSentence(0), /port 0 is one that browsers refuse/);
	assert.match(blockedPortSentence(0), /the port it printed/);
	// The smoke CLI names a blocked port only when undici says "bad port": not here.
	assert.notEqual(undici, 'bad port');
});
