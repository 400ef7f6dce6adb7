import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isServerName, serverNameProblem } from '../../src/matrix/server-name.ts';

test('accepts DNS names, IP literals and ports a URL can carry', () => {
	for (const name of [
		'example.org',
		'localhost:8008',
		'[::1]:8448',
		'127.0.0.1:65535',
		'matrix.example.org:443',
		'localhost:0',
		`${'a'.repeat(63)}.org`,
	]) {
		assert.equal(serverNameProblem(name), null, name);
	}
});

test('refuses a port above 65535, saying the range', () => {
	assert.equal(isServerName('localhost:65536'), false);
	assert.match(serverNameProblem('localhost:99999') ?? '', /port 99999 is out of range.*65535/);
	assert.match(serverNameProblem('localhost:') ?? '', /not a port number/);
	assert.match(serverNameProblem('localhost:80a') ?? '', /not a port number/);
});

test('holds DNS names to 63 characters a label and 255 in all', () => {
	const longLabel = serverNameProblem(`${'a'.repeat(64)}.org`) ?? '';
	const longName = serverNameProblem(Array.from({ length: 40_000 }, () => 'a').join('.')) ?? '';

	assert.match(longLabel, /longer than 63 characters/);
	assert.match(longName, /longer than 255 characters/);
	assert.ok(longName.length < 200, 'the problem does not quote the whole name');
	assert.ok((serverNameProblem('a'.repeat(200_000)) ?? '').length < 200);
});

test('says an IP literal is invalid instead of passing it on', () => {
	assert.match(serverNameProblem('[1:2]') ?? '', /\[1:2\] is not a valid IPv6 address/);
	assert.match(serverNameProblem('[1:2]:8448') ?? '', /not a valid IPv6 address/);
	assert.match(serverNameProblem('999.1.1.1') ?? '', /not a valid IPv4 address/);
	// A URL parser rewrites these to another address: never silently.
	assert.match(serverNameProblem('1.2.3') ?? '', /read as an IPv4 address/);
	assert.match(serverNameProblem('127.000.0.1') ?? '', /not a valid IPv4 address/);
});

test('refuses what has no place in a server name', () => {
	for (const text of ['', ':8008', 'exa mple.org', 'example..org', 'a:b:c', '<script>', '[::1']) {
		assert.notEqual(serverNameProblem(text), null, text);
	}
});
