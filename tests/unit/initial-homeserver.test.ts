import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialHomeserver } from '../../src/scripts/initial-homeserver.ts';

const fallback = 'http://localhost:8008';
const link = (value: string) => `?homeserver=${encodeURIComponent(value)}`;

test('starts on a base URL from the link, normalized, with nothing left to pick', () => {
	assert.deepEqual(initialHomeserver(link('http://LocalHost:41732/'), 'http://saved:1', fallback), {
		baseUrl: 'http://localhost:41732',
		fromLink: null,
	});
});

test('hands the picker a link value that is not a usable base URL', () => {
	for (const value of [
		'localhost:41732',
		'example.org',
		'@alice:localhost:41732',
		'http://u:p@localhost:8008',
		'javascript:alert(1)',
		'<script>alert(1)</script>',
		'http://localhost:99999',
		'http://localhost:0',
		'',
	]) {
		const chosen = initialHomeserver(link(value), 'http://saved.example:8448', fallback);

		assert.deepEqual(chosen, { baseUrl: 'http://saved.example:8448', fromLink: value }, value);
	}
});

test('without a link, starts on the saved choice, then the default', () => {
	assert.deepEqual(initialHomeserver('', 'http://saved.example:8448/', fallback), {
		baseUrl: 'http://saved.example:8448',
		fromLink: null,
	});
	// A value saved by an older version that took anything: never used.
	for (const saved of [null, 'http://localhost:99999', 'http://localhost:6666', 'nonsense']) {
		assert.deepEqual(initialHomeserver('?other=1', saved, fallback), {
			baseUrl: fallback,
			fromLink: null,
		});
	}
});
