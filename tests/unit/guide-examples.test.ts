import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providerOf, providers } from '../../src/matrix/guide.ts';
import { placeholders } from '../../src/matrix/template.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';

const examples = await loadGuideExamples();

test('the guide has at least the twelve examples the original showed', () => {
	assert.ok(examples.length >= 12, `only ${examples.length} examples`);
});

test('every value an example needs comes from an earlier step or a default', () => {
	const defaults = new Set(examples.flatMap((example) => example.defaults.map((d) => d.variable)));
	const byVariable = providers(examples);
	examples.forEach((example, index) => {
		const templates = [
			example.url,
			...example.query.map((item) => item.value),
			...example.headers.map((item) => item.value),
			example.body ?? '',
		];
		for (const name of templates.flatMap(placeholders)) {
			if (name.startsWith('$') || name === 'baseUrl' || defaults.has(name)) continue;
			const provider = providerOf(name, byVariable);
			assert.ok(provider, `${example.id} needs "${name}", which no step captures`);
			const at = examples.indexOf(provider);
			assert.ok(at < index, `${example.id} needs "${name}" from ${provider.id}, which comes later`);
		}
	});
});

test('every step that carries a token says which account it runs as', () => {
	for (const example of examples) {
		const auth = example.headers.find((header) => header.name === 'Authorization');
		if (!auth) continue;
		assert.ok(example.account, `${example.id} has a token but no @as`);
		assert.equal(auth.value, `Bearer {{${example.account}.accessToken}}`, example.id);
	}
});

test("the guide teaches today's API: v3 paths, no token in the URL, PUT to send", () => {
	for (const example of examples) {
		assert.match(example.url, /^\{\{baseUrl\}\}\/_matrix\/client\/v3\//, example.id);
		assert.ok(!example.query.some((item) => item.name === 'access_token'), example.id);
		if (example.url.includes('/send/')) {
			assert.equal(example.method, 'PUT', example.id);
			assert.match(example.url, /\{\{\$txnId\}\}$/, example.id);
		}
	}
});

test('a step woken by another names a step that exists', () => {
	for (const example of examples.filter((item) => item.wokenBy)) {
		assert.ok(
			examples.some((item) => item.id === example.wokenBy),
			example.id,
		);
		assert.ok(
			example.query.some((item) => item.name === 'timeout'),
			`${example.id} has no timeout`,
		);
	}
});
