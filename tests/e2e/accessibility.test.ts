import { expect, test } from '@playwright/test';
import { loadGuideExamples, loadGuidePages } from '../../src/node/load-guide.ts';
import { axeViolations, pageUrl, runPanel } from './guide-helpers.ts';

const pages = (await loadGuidePages()).sort((a, b) => a.order - b.order);
const examples = await loadGuideExamples();

for (const scheme of ['light', 'dark'] as const) {
	for (const guidePage of pages) {
		test(`axe finds no violations on "${guidePage.title}" (${scheme})`, async ({ page }) => {
			await page.emulateMedia({ colorScheme: scheme });
			await page.goto(pageUrl(guidePage.slug));
			await expect(page.locator('.session-status')).toHaveAttribute('data-state', 'good');

			expect(await axeViolations(page)).toEqual([]);
		});
	}
}

for (const scheme of ['light', 'dark'] as const) {
	test(`axe finds no violations in panels that have answered (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		await page.goto(pageUrl('accounts'));
		for (const id of ['register-start', 'register-finish', 'login-flows']) {
			const example = examples.find((item) => item.id === id);
			if (example) await runPanel(page, example);
		}
		await page.locator('.session-details summary').click();

		expect(await axeViolations(page)).toEqual([]);
	});
}
