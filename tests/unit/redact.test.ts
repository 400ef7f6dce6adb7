import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecret, redactJson, redactText } from '../../src/matrix/redact.ts';

test('masks a token but keeps its last four characters; shows nothing of a password', () => {
	assert.equal(maskSecret('syt_abcdefghijklmnopqrstuv'), '••••••••stuv');
	assert.equal(maskSecret('correct-horse-battery'.slice(0, 17)), '••••••••');
	assert.equal(maskSecret('short'), '••••••••');
});

test('masks secret-named fields and known secrets anywhere in JSON', () => {
	const redacted = redactJson(
		{
			access_token: 'tok_1234567890abcdefgh',
			nested: [{ note: 'my token is tok_0987654321zyxwvuts' }],
		},
		['tok_0987654321zyxwvuts'],
	);

	assert.deepEqual(redacted, {
		access_token: '••••••••efgh',
		nested: [{ note: 'my token is ••••••••vuts' }],
	});
});

test('masks every occurrence of each secret in text', () => {
	assert.equal(
		redactText('a tok_1234567890abcdefgh b tok_1234567890abcdefgh', ['tok_1234567890abcdefgh']),
		'a ••••••••efgh b ••••••••efgh',
	);
});

test('masks a secret of under four characters where it stands alone, not inside words', () => {
	assert.equal(
		redactText('{"password":"pw1"} pw1 pw12 apw1 pw1.', ['pw1']),
		'{"password":"••••••••"} •••••••• pw12 apw1 ••••••••.',
	);
	assert.equal(redactText('a+b (a+b)', ['a+b']), '•••••••• (••••••••)');
	assert.equal(redactText('nothing here', ['']), 'nothing here');
});
