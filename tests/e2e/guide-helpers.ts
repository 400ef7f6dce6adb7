import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import type { PlacedExample } from '../../src/matrix/example.ts';

/** The URLs global-setup started: the built guide and a fresh sandbox. */
export function servers(): { guide: string; sandbox: string } {
	const guide = process.env['GUIDE_URL'];
	const sandbox = process.env['SANDBOX_URL'];
	if (!guide || !sandbox)
		throw new Error(
			'Run these tests through `playwright test`: global-setup sets GUIDE_URL and SANDBOX_URL.',
		);
	return { guide, sandbox };
}

/** A guide page's URL, pointed at the test sandbox; `site` is another build's root URL. */
export function pageUrl(slug: string, site?: string): string {
	const { sandbox } = servers();
	const guide = site ?? servers().guide;
	const path = slug === 'index' ? '' : `guide/${slug}/`;
	return `${guide}${path}?homeserver=${encodeURIComponent(sandbox)}`;
}

/** The panel of one example on the current page. */
export function panel(page: Page, id: string): Locator {
	return page.locator(`matrix-request-panel#${id}`);
}

/** Clicks Run on a panel without waiting for the answer. */
export async function startRun(page: Page, example: PlacedExample): Promise<Locator> {
	const target = panel(page, example.id);
	const run = target.getByRole('button', { name: 'Run' });
	await expect(run, `Run is enabled for ${example.id}`).toBeEnabled();
	await run.click();
	return target;
}

/** Waits for a panel's answer and checks it matches the example's @expect line. */
export async function expectAnswer(target: Locator, example: PlacedExample): Promise<void> {
	const status = target.locator('.run-status');
	await expect(status).toHaveAttribute('data-status', String(example.expect.status), {
		timeout: 30_000,
	});
	const problems = (await target.locator('.run-problems li').allTextContents()).join('; ');
	await expect(status, `${example.id}: ${problems}`).toHaveClass(/run-good/, { timeout: 1000 });
}

/** Runs a panel as a reader would and checks its answer. */
export async function runPanel(page: Page, example: PlacedExample): Promise<Locator> {
	const target = await startRun(page, example);
	await expectAnswer(target, example);
	return target;
}

/** The parsed JSON a panel shows for its last run. */
export async function shownJson(target: Locator): Promise<unknown> {
	return JSON.parse((await target.locator('.run-body').textContent()) ?? 'null');
}

/** The secrets the page holds in session storage for a homeserver, by name. */
export async function storedSecrets(
	page: Page,
	homeserver?: string,
): Promise<Record<string, string>> {
	const wanted = homeserver ?? servers().sandbox;
	return page.evaluate((baseUrl) => {
		const found: Record<string, string> = {};
		for (let index = 0; index < sessionStorage.length; index++) {
			const key = sessionStorage.key(index) ?? '';
			if (!key.endsWith(`:secrets:${baseUrl}`)) continue;
			const bucket = JSON.parse(sessionStorage.getItem(key) ?? '{}') as {
				values?: Record<string, string>;
			};
			Object.assign(found, bucket.values ?? {});
		}
		return found;
	}, wanted);
}

/** Everything a reader could see or select: text, attributes and form values. */
export async function visibleMaterial(page: Page): Promise<string> {
	return page.evaluate(() => {
		const fields = [...document.querySelectorAll('input, textarea')].map(
			(field) => (field as HTMLInputElement).value,
		);
		const manifest = document.getElementById('matrix-howto-guide');
		const html = document.body.outerHTML.replace(manifest?.outerHTML ?? '', '');
		return [document.body.innerText, html, ...fields].join('\n');
	});
}

/** axe's violations on the page (or inside `selector`), one readable line each. */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
	const builder = new AxeBuilder({ page });
	const results = await (selector ? builder.include(selector) : builder).analyze();
	return results.violations.map((violation) => {
		const where = violation.nodes.map((node) => node.target.join(' ')).slice(0, 3);
		return `${violation.id}: ${violation.help} (${where.join(', ')})`;
	});
}

/**
 * Replaces a panel's request body the way a reader would: the code editor
 * loads on focus, and the text is pasted, so no bracket is auto-closed and no
 * line re-indented on the way. The hidden textarea it keeps in sync is checked.
 */
export async function fillBody(target: Locator, text: string): Promise<void> {
	const page = target.page();
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	const area = target.locator('textarea[data-role="body"]');
	await area.focus();
	const editor = target.locator('.monaco-editor');
	await editor.waitFor({ state: 'visible', timeout: 20_000 });
	await editor.locator('.view-lines').click();
	await page.evaluate((value) => navigator.clipboard.writeText(value), text);
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('ControlOrMeta+V');
	await expect(area).toHaveValue(text);
}
