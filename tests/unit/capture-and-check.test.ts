import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureValues } from '../../src/matrix/capture.ts';
import { checkResponse } from '../../src/matrix/check-response.ts';
import { parseExample } from '../../src/matrix/parse-example.ts';

const createRoom = parseExample(`# @name create-room
# @capture roomId = $.room_id
# @capture roomAlias = #{{roomAliasName}}:{{me.serverName}}
# @expect 200 room_id
POST {{baseUrl}}/createRoom`);

test('captures JSON fields and builds template captures from them', () => {
	const values = { roomAliasName: 'tutorial', 'me.userId': '@me:hs.example' };

	const captured = captureValues(createRoom, 200, { room_id: '!abc:hs.example' }, values);

	assert.deepEqual(captured, { roomId: '!abc:hs.example', roomAlias: '#tutorial:hs.example' });
});

test('captures nothing from an answer with another status', () => {
	assert.deepEqual(captureValues(createRoom, 400, { room_id: '!x:y' }, {}), {});
});

test('lists each way a response differs from the expectation', () => {
	const join = parseExample(`# @name j
# @expect 200 room_id=={{roomId}}
POST {{baseUrl}}/join`);

	assert.deepEqual(checkResponse(join, 200, { room_id: '!a:b' }, { roomId: '!a:b' }), []);
	assert.deepEqual(checkResponse(join, 403, { errcode: 'M_FORBIDDEN' }, { roomId: '!a:b' }), [
		'expected HTTP 200, got 403',
		'the response has no "room_id" field',
	]);
	assert.deepEqual(checkResponse(join, 200, { room_id: '!c:d' }, { roomId: '!a:b' }), [
		'"room_id" is "!c:d", expected "!a:b"',
	]);
});
