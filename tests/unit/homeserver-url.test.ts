import assert from 'node:assert/strict';
import { test } from 'node:test';
import { homeserverUrlProblem, normalizeHomeserver } from '../../src/matrix/homeserver-url.ts';

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

test('says why a URL is not a base URL', () => {
	const problem = (input: string) => homeserverUrlProblem(input) ?? '';

	assert.match(problem('http://localhost:99999'), /port 99999 is out of range/);
	assert.match(problem('http://u:p@localhost:8008'), /user name or password/);
	assert.match(problem('javascript:alert(1)'), /starts with "javascript:"/);
	assert.match(problem('http://[1:2]'), /not a valid IPv6 address/);
	assert.match(problem(`http://${'a'.repeat(64)}.org`), /longer than 63 characters/);
	assert.match(problem('<script>alert(1)</script>'), /not a URL/);
	assert.equal(homeserverUrlProblem('http://localhost:8008'), null);
});

test('refuses a host no DNS name can have', () => {
	assert.equal(normalizeHomeserver(`http://${'a'.repeat(64)}.org`), null);
	assert.equal(normalizeHomeserver(`http://${Array(200).fill('a').join('.')}`), null);
	assert.equal(normalizeHomeserver('http://localhost:65536'), null);
});
