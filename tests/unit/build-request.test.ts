import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRequest } from '../../src/matrix/build-request.ts';
import type { DynamicValues } from '../../src/matrix/dynamic-values.ts';
import { parseExample } from '../../src/matrix/parse-example.ts';

const fixed: DynamicValues = { txnId: () => 'txn1', random: () => 'abc123', password: () => 'pw' };

const joinAlias = parseExample(`# @name join-alias
# @as friend
# @expect 200
POST {{baseUrl}}/_matrix/client/v3/join/{{roomAlias}}
Authorization: Bearer {{friend.accessToken}}

{}`);

test('percent-encodes path values so an alias keeps its # as %23', () => {
	const result = buildRequest(joinAlias, {
		baseUrl: 'http://localhost:8008/',
		roomAlias: '#tutorial:localhost',
		'friend.accessToken': 'secret-token',
	});

	assert.equal(result.ok, true);
	if (!result.ok) return;
	assert.equal(
		result.request.url,
		'http://localhost:8008/_matrix/client/v3/join/%23tutorial%3Alocalhost',
	);
	assert.deepEqual(result.request.headers, { Authorization: 'Bearer secret-token' });
});

test('reports every missing value instead of building a broken request', () => {
	const result = buildRequest(joinAlias, { baseUrl: 'http://localhost:8008' });

	assert.deepEqual(result, { ok: false, missing: ['roomAlias', 'friend.accessToken'] });
});

test('encodes a JSON filter in the query and keeps a readable copy', () => {
	const sync = parseExample(`# @name s
# @expect 200
GET {{baseUrl}}/_matrix/client/v3/sync
    ?filter={"room":{"timeline":{"limit":1}}}
    &since={{nextBatch}}`);

	const result = buildRequest(sync, { baseUrl: 'http://hs', nextBatch: 's1 2' });

	assert.equal(result.ok, true);
	if (!result.ok) return;
	assert.equal(
		result.request.url,
		'http://hs/_matrix/client/v3/sync?filter=%7B%22room%22%3A%7B%22timeline%22%3A%7B%22limit%22%3A1%7D%7D%7D&since=s1%202',
	);
	assert.equal(
		result.request.readableUrl,
		'http://hs/_matrix/client/v3/sync?filter={"room":{"timeline":{"limit":1}}}&since=s1 2',
	);
});

test('makes one fresh txnId per build and can reuse it for a retry', () => {
	const send = parseExample(`# @name send
# @expect 200
PUT {{baseUrl}}/rooms/{{roomId}}/send/m.room.message/{{$txnId}}`);
	const values = { baseUrl: 'http://hs', roomId: '!r:hs' };

	const first = buildRequest(send, values, { dynamic: fixed });
	const retry = buildRequest(send, values, { reuse: { $txnId: 'txn1' } });

	assert.ok(first.ok && retry.ok);
	assert.equal(first.request.url, 'http://hs/rooms/!r%3Ahs/send/m.room.message/txn1');
	assert.equal(retry.request.url, first.request.url);
	assert.deepEqual(first.request.generated, { $txnId: 'txn1' });
});

test('escapes values placed inside JSON strings of the body', () => {
	const register = parseExample(`# @name r
# @expect 200
POST {{baseUrl}}/register

{"username": "{{me.username}}"}`);

	const result = buildRequest(register, { baseUrl: 'http://hs', 'me.username': 'a"b\\c' });

	assert.ok(result.ok);
	assert.deepEqual(JSON.parse(result.request.body ?? ''), { username: 'a"b\\c' });
});

test('derives the server name from the user ID', () => {
	const alias = parseExample(`# @name a
# @expect 200
GET {{baseUrl}}/directory/room/%23x:{{me.serverName}}`);

	const result = buildRequest(alias, { baseUrl: 'http://hs', 'me.userId': '@me:example.org' });

	assert.ok(result.ok);
	assert.equal(result.request.url, 'http://hs/directory/room/%23x:example.org');
});

test('appends query parameters the example lacks, encoded like its own', () => {
	const messages = parseExample(`# @name m
# @expect 200
GET {{baseUrl}}/rooms/{{roomId}}/messages
    ?dir=b`);

	const result = buildRequest(
		messages,
		{ baseUrl: 'http://hs', roomId: '!r:hs' },
		{
			extraQuery: { from: 't1 2' },
		},
	);

	assert.ok(result.ok);
	assert.equal(result.request.url, 'http://hs/rooms/!r%3Ahs/messages?dir=b&from=t1%202');
});
