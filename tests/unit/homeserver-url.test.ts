import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeHomeserver } from '../../src/matrix/homeserver-url.ts';

test('gives one key for the same homeserver written differently', () => {
	assert.equal(normalizeHomeserver('http://LocalHost:8008/'), 'http://localhost:8008');
	assert.equal(normalizeHomeserver(' https://example.org/matrix/ '), 'https://example.org/matrix');
});

test('drops a pasted /_matrix tail', () => {
	assert.equal(
		normalizeHomeserver('http://localhost:8008/_matrix/client/versions'),
		'http://localhost:8008',
	);
});

test('refuses what is not a plain http(s) base URL', () => {
	for (const input of [
		'ftp://x',
		'javascript:alert(1)',
		'http://exa mple',
		'http://u:p@h',
		'nope',
	]) {
		assert.equal(normalizeHomeserver(input), null, input);
	}
});
