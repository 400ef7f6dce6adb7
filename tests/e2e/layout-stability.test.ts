import { expect, test, type Page } from '@playwright/test';
import { loadGuideExamples, loadGuidePages } from '../../src/node/load-guide.ts';
import { themeKey } from '../../src/scripts/storage-keys.ts';
import { pageUrl, runPanel, shownJson } from './guide-helpers.ts';

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

for (const guidePage of await loadGuidePages()) {
	test(`"${guidePage.title}" fits a narrow phone's width without sideways scrolling`, async ({
		page,
	}) => {
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto(pageUrl(guidePage.slug));
		await expect(page.locator('.session-status')).toContainText('registration open');

		const overflow = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			// The outermost elements that stick out, to say where the page widens.
			const wide = [...document.querySelectorAll<HTMLElement>('body *')]
				.filter((el) => el.getBoundingClientRect().right > width + 1)
				.filter(
					(el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1,
				)
				.map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
			return { scrollWidth: document.documentElement.scrollWidth, width, wide };
		});

		expect(
			overflow.scrollWidth,
			`wider than the screen: ${overflow.wide.join(', ')}`,
		).toBeLessThanOrEqual(overflow.width);
	});
}

test('a JSON line too long for a phone wraps under its own indent, not at the margin', async ({
	page,
}) => {
	const examples = await loadGuideExamples();
	const registerStart = examples.find((example) => example.id === 'register-start');
	if (!registerStart) throw new Error('the guide has no register-start step');
	await page.setViewportSize({ width: 300, height: 700 });
	await page.goto(pageUrl('accounts'));

	const target = await runPanel(page, registerStart);
	await expect(target.locator('.run-body .json-line').first()).toBeAttached();

	const lines = await target.locator('.run-body .json-line').evaluateAll((blocks) =>
		blocks.map((block) => {
			const indent = block.querySelector('.json-indent');
			const range = document.createRange();
			range.selectNodeContents(block);
			if (indent) range.setStartAfter(indent);
			const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
			const tops = [...new Set(rects.map((rect) => Math.round(rect.top)))];
			const startOfText = Math.min(
				...rects.filter((r) => Math.round(r.top) === tops[0]).map((r) => r.left),
			);
			const laterLeft = Math.min(
				...rects.filter((r) => Math.round(r.top) !== tops[0]).map((r) => r.left),
			);
			return { text: block.textContent ?? '', wraps: tops.length > 1, startOfText, laterLeft };
		}),
	);

	const wrapped = lines.filter((line) => line.wraps);
	expect(
		wrapped.length,
		'no line wrapped at this width; the test needs one that does',
	).toBeGreaterThan(0);
	for (const line of wrapped) {
		expect(line.laterLeft, `"${line.text}" goes on left of where it began`).toBeGreaterThan(
			line.startOfText,
		);
	}
	// Still the whole answer, parseable, with nothing dropped by the line blocks.
	expect(await shownJson(target)).toHaveProperty('flows');
});
