import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shorten } from '../../src/matrix/shorten.ts';

test('keeps short text and cuts long text to the limit with an ellipsis', () => {
	assert.equal(shorten('example.org'), 'example.org');
	assert.equal(shorten('a'.repeat(100)), 'a'.repeat(100));
	assert.equal(shorten('a'.repeat(200_000)), `${'a'.repeat(99)}…`);
	assert.equal(shorten('abcdef', 4), 'abc…');
});

test('never cuts an emoji in half', () => {
	const whole = shorten(`${'a'.repeat(97)}😀😀😀`, 100);
	const cut = shorten(`${'a'.repeat(98)}😀😀😀`, 100);

	assert.equal(whole, `${'a'.repeat(97)}😀…`);
	assert.equal(cut, `${'a'.repeat(98)}…`);
	assert.ok(cut.length <= 100);
});
