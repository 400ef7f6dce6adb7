import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecret, redactJson, redactText } from '../../src/matrix/redact.ts';

test('masks a secret but keeps its last four characters', () => {
	assert.equal(maskSecret('syt_abcdefghijkl'), '••••••••ijkl');
	assert.equal(maskSecret('short'), '••••••••');
});

test('masks secret-named fields and known secrets anywhere in JSON', () => {
	const redacted = redactJson(
		{ access_token: 'tok_1234567890', nested: [{ note: 'my token is tok_0987654321' }] },
		['tok_0987654321'],
	);

	assert.deepEqual(redacted, {
		access_token: '••••••••7890',
		nested: [{ note: 'my token is ••••••••4321' }],
	});
});

test('masks every occurrence of each secret in text', () => {
	assert.equal(
		redactText('a tok_1234567890 b tok_1234567890', ['tok_1234567890']),
		'a ••••••••7890 b ••••••••7890',
	);
});
