import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExampleSyntaxError, parseExample } from '../../src/matrix/parse-example.ts';

const sendBlock = `# @name send-message
# @title Send a message
# @as me
# @capture eventId = $.event_id
# @expect 200 event_id
PUT {{baseUrl}}/_matrix/client/v3/rooms/{{roomId}}/send/m.room.message/{{$txnId}}
Authorization: Bearer {{me.accessToken}}
Content-Type: application/json

{"msgtype": "m.text", "body": "hi"}`;

test('reads directives, request line, headers and body', () => {
	const example = parseExample(sendBlock);

	assert.equal(example.id, 'send-message');
	assert.equal(example.title, 'Send a message');
	assert.equal(example.account, 'me');
	assert.equal(example.method, 'PUT');
	assert.equal(
		example.url,
		'{{baseUrl}}/_matrix/client/v3/rooms/{{roomId}}/send/m.room.message/{{$txnId}}',
	);
	assert.deepEqual(example.headers, [
		{ name: 'Authorization', value: 'Bearer {{me.accessToken}}' },
		{ name: 'Content-Type', value: 'application/json' },
	]);
	assert.equal(example.body, '{"msgtype": "m.text", "body": "hi"}');
	assert.deepEqual(example.captures, [
		{ variable: 'eventId', source: { kind: 'json', path: ['event_id'] } },
	]);
	assert.deepEqual(example.expect, { status: 200, fields: [{ path: ['event_id'] }] });
});

test('joins query continuation lines and keeps their values readable', () => {
	const example = parseExample(`# @name sync
# @expect 200
GET {{baseUrl}}/_matrix/client/v3/sync
    ?filter={"room":{"timeline":{"limit":1}}}
    &timeout=30000`);

	assert.deepEqual(example.query, [
		{ name: 'filter', value: '{"room":{"timeline":{"limit":1}}}' },
		{ name: 'timeout', value: '30000' },
	]);
	assert.equal(example.body, null);
});

test('reads template captures, defaults, equality checks and woken-by', () => {
	const example = parseExample(`# @name make
# @default roomAliasName = tutorial-{{$random}}
# @capture roomAlias = #{{roomAliasName}}:{{me.serverName}}
# @expect 200 room_id=={{roomId}} rooms.join
# @woken-by other
POST {{baseUrl}}/x`);

	assert.deepEqual(example.defaults, [
		{ variable: 'roomAliasName', template: 'tutorial-{{$random}}' },
	]);
	assert.deepEqual(example.captures[0]?.source, {
		kind: 'template',
		template: '#{{roomAliasName}}:{{me.serverName}}',
	});
	assert.deepEqual(example.expect.fields, [
		{ path: ['room_id'], equals: '{{roomId}}' },
		{ path: ['rooms', 'join'] },
	]);
	assert.equal(example.wokenBy, 'other');
});

test('rejects a block without a name, an expectation or a request line', () => {
	assert.throws(() => parseExample('# @expect 200\nGET /x'), ExampleSyntaxError);
	assert.throws(() => parseExample('# @name a\nGET /x'), /needs an @expect line/);
	assert.throws(() => parseExample('# @name a\n# @expect 200\nnot a request'), /METHOD URL/);
	assert.throws(() => parseExample('# @name a\n# @expect 200\nPATCH /x'), /method "PATCH"/);
	assert.throws(() => parseExample('# @name a\n# @as someone\n# @expect 200\nGET /x'), /@as/);
});
