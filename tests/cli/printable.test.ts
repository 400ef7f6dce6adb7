import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printable } from '../../src/cli/printable.ts';

test('shows terminal escape sequences escaped, keeping line breaks and tabs', () => {
	assert.equal(printable('M_X\u001b[2J\u001b[31m'), 'M_X\\u001b[2J\\u001b[31m');
	assert.equal(printable('a\tb\nc'), 'a\tb\nc');
});
