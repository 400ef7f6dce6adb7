import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { loadGuidePages } from '../../src/node/load-guide.ts';
import { pageWeight } from '../../src/node/page-weight.ts';

// Bytes of the built files, gzip: deterministic, unlike timings.
const budget = { js: 30 * 1024, css: 15 * 1024 };
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

for (const page of await loadGuidePages()) {
	test(`"${page.title}" loads at most 30 KB of JS and 15 KB of CSS before use`, async () => {
		const file = page.slug === 'index' ? 'index.html' : `guide/${page.slug}/index.html`;

		const weight = await pageWeight(dist, `${dist}${file}`);

		expect(weight.jsFiles.length).toBeGreaterThan(0);
		expect(
			weight.jsFiles.some((name) => /monaco|editor\.api/i.test(name)),
			'Monaco in the initial load',
		).toBe(false);
		expect(weight.js, `initial JS of ${file}: ${weight.jsFiles.join(', ')}`).toBeLessThanOrEqual(
			budget.js,
		);
		expect(weight.css, `initial CSS of ${file}`).toBeLessThanOrEqual(budget.css);
	});
}
