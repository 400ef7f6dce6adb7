import { expect, test } from '@playwright/test';
import { loadGuidePages } from '../../src/node/load-guide.ts';
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

for (const guidePage of await loadGuidePages()) {
	for (const [name, viewport] of Object.entries(viewports)) {
		test(`"${guidePage.title}" does not shift on a ${name} while it starts`, async ({ page }) => {
			await page.setViewportSize(viewport);
			await page.addInitScript(() => {
				const shifts: Shift[] = [];
				(window as unknown as { shifts: Shift[] }).shifts = shifts;
				new PerformanceObserver((list) => {
					for (const entry of list.getEntries() as unknown as LayoutShiftEntry[]) {
						shifts.push({
							value: entry.value,
							moved: entry.sources.map((s) => s.node?.nodeName ?? '?'),
						});
					}
				}).observe({ type: 'layout-shift', buffered: true });
				interface LayoutShiftEntry {
					value: number;
					sources: { node?: Node | null }[];
				}
				interface Shift {
					value: number;
					moved: string[];
				}
			});

			await page.goto(pageUrl(guidePage.slug));
			await expect(page.locator('.session-status')).toContainText('registration open');
			// One more frame for anything the last answer set off.
			await page.evaluate(
				() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
			);

			const shifts = await page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
			const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
			expect(total, `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThan(0.001);
		});
	}
}
