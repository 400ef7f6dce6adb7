import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverNameOf, userIdProblem } from '../../src/matrix/user-id.ts';

test('accepts user IDs and gives their server name', () => {
	for (const userId of ['@alice:example.org', '@Alice.B=c/d:localhost:41732', '@a:[::1]:8448']) {
		assert.equal(userIdProblem(userId), null, userId);
	}
	assert.equal(serverNameOf('@alice:localhost:41732'), 'localhost:41732');
});

test('refuses an empty name before the server name', () => {
	assert.match(userIdProblem('@:localhost:41732') ?? '', /name between "@" and ":" is empty/);
});

test('refuses a user ID over 255 bytes, counting bytes, not characters', () => {
	const ofLength = (bytes: number) => `@${'a'.repeat(bytes - '@:example.org'.length)}:example.org`;

	const long = userIdProblem(`@${'a'.repeat(100_000)}:example.org`) ?? '';

	assert.equal(userIdProblem(ofLength(255)), null);
	assert.match(userIdProblem(ofLength(256)) ?? '', /longer than the 255 bytes/);
	assert.match(long, /longer than the 255 bytes/);
	assert.ok(long.length < 200, 'the problem does not quote the whole ID');
	// 138 characters but 263 bytes: over the limit, though short.
	assert.match(userIdProblem(`@${'é'.repeat(125)}:example.org`) ?? '', /255 bytes/);
});

test('says what is wrong with the server name part', () => {
	assert.match(userIdProblem('@alice:localhost:99999') ?? '', /server name .*port 99999/);
	assert.match(userIdProblem('@alice') ?? '', /no ":"/);
	assert.match(userIdProblem('@al ice:example.org') ?? '', /a space or a character beyond/);
});
