import { expect, test, type Page } from '@playwright/test';
import { loadGuidePages } from '../../src/node/load-guide.ts';
import { themeKey } from '../../src/scripts/storage-keys.ts';
import { pageUrl } from './guide-helpers.ts';

// What the reader sees first must not move while the scripts start and the
// homeserver check answers: a shifted line is a misplaced click on a phone.
const viewports = {
	phone: { width: 412, height: 823 },
	desktop: { width: 1350, height: 940 },
};

interface Shift {
	value: number;
	moved: string[];
}

/** Opens a guide page and returns the layout shifts until its homeserver check has answered. */
async function shiftsWhileStarting(page: Page, slug: string): Promise<Shift[]> {
	await page.addInitScript(() => {
		interface LayoutShiftEntry {
			value: number;
			sources: { node?: Node | null }[];
		}
		const shifts: { value: number; moved: string[] }[] = [];
		(window as unknown as { shifts: typeof shifts }).shifts = shifts;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as unknown as LayoutShiftEntry[]) {
				shifts.push({
					value: entry.value,
					moved: entry.sources.map((s) => s.node?.nodeName ?? '?'),
				});
			}
		}).observe({ type: 'layout-shift', buffered: true });
	});
	await page.goto(pageUrl(slug));
	await expect(page.locator('.session-status')).toContainText('registration open');
	// One more frame for anything the last answer set off.
	await page.evaluate(
		() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
	);
	return await page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
}

const total = (shifts: Shift[]) => shifts.reduce((sum, shift) => sum + shift.value, 0);

for (const guidePage of await loadGuidePages()) {
	for (const [name, viewport] of Object.entries(viewports)) {
		test(`"${guidePage.title}" does not shift on a ${name} while it starts`, async ({ page }) => {
			await page.setViewportSize(viewport);

			const shifts = await shiftsWhileStarting(page, guidePage.slug);

			expect(total(shifts), `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThan(0.001);
		});
	}
}

test('a page does not shift on a phone for a reader who chose the dark theme', async ({ page }) => {
	await page.setViewportSize(viewports.phone);
	await page.addInitScript((key) => localStorage.setItem(key, 'dark'), themeKey);

	const shifts = await shiftsWhileStarting(page, 'accounts');

	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(total(shifts), `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThan(0.001);
});
