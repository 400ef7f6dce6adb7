import { expect, test, type Page } from '@playwright/test';
import { build } from 'astro';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type RunningStaticServer } from '../../src/node/static-server.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { maskSecret } from '../../src/matrix/redact.ts';
import {
	expectAnswer,
	pageUrl,
	panel,
	runPanel,
	shownJson,
	startRun,
	storedSecrets,
	visibleMaterial,
} from './guide-helpers.ts';

const examples = await loadGuideExamples();
const byId = new Map(examples.map((example) => [example.id, example]));
const pages = [...new Set(examples.map((example) => example.page))];

function example(id: string) {
	const found = byId.get(id);
	if (!found) throw new Error(`The guide has no example "${id}"; the test needs it.`);
	return found;
}

async function walk(page: Page, site?: string): Promise<void> {
	const refused: string[] = [];
	page.on('console', (message) => {
		if (message.text().includes('Content Security Policy')) refused.push(message.text());
	});
	const seen = new Set<string>();
	for (const slug of pages) {
		await page.goto(pageUrl(slug, site));
		await expect(page.locator('.session-status')).toHaveAttribute('data-state', 'good');

		for (const step of examples.filter((item) => item.page === slug)) {
			if (seen.has(step.id)) continue;
			seen.add(step.id);

			// The long-poll waits; the step that wakes it runs while it does.
			if (step.wokenBy) {
				const waker = example(step.wokenBy);
				const started = Date.now();
				const waiting = await startRun(page, step);
				await expect(waiting).toHaveAttribute('data-running', '');
				await runPanel(page, waker);
				seen.add(waker.id);
				await expectAnswer(waiting, step);
				const timeout = Number(step.query.find((item) => item.name === 'timeout')?.value);
				expect(Date.now() - started).toBeLessThan(timeout);
				const body = JSON.stringify(await shownJson(waiting));
				expect(body).toContain('Hi! I got your invite.');
				continue;
			}

			const target = await runPanel(page, step);

			if (step.id === 'register-start') {
				await expect(target.locator('.run-explain')).toContainText('user-interactive auth');
			}
			if (step.id === 'create-room') {
				const { room_id: roomId } = (await shownJson(target)) as { room_id: string };
				const token = (await storedSecrets(page))['me.accessToken'] ?? '';
				expect(token.length).toBeGreaterThan(8);
				await expect(target.locator('.run-sent')).toContainText(
					`Authorization: Bearer ${maskSecret(token)}`,
				);
				await expect(panel(page, 'send-message').locator('[data-role="url"]')).toContainText(
					encodeURIComponent(roomId),
				);
			}
			if (step.id === 'join-invite' || step.id === 'join-alias') {
				const { room_id: joined } = (await shownJson(target)) as { room_id: string };
				expect(joined).toMatch(/^!/);
			}
		}

		// No secret the page holds is ever shown unmasked, on any page.
		const material = await visibleMaterial(page);
		const secrets = Object.entries(await storedSecrets(page));
		expect(secrets.length).toBeGreaterThan(0);
		for (const [name, secret] of secrets) {
			expect(material.includes(secret), `${name} appears unmasked on ${slug}`).toBe(false);
		}
	}
	expect([...seen].sort()).toEqual(examples.map((item) => item.id).sort());
	expect(refused, 'the Content-Security-Policy refused something').toEqual([]);
}

test('a reader runs every panel of the guide in order without typing', async ({ page }) => {
	await walk(page);
});

test.describe('built for a sub-path', () => {
	let site: RunningStaticServer;
	test.beforeAll(async () => {
		test.setTimeout(120_000);
		const root = fileURLToPath(new URL('../../', import.meta.url));
		const outDir = `${root}test-results/sub-path-dist/`;
		await build({ root, base: '/matrix-howto/', outDir, logLevel: 'warn' });
		site = await startStaticServer({ root: outDir, base: '/matrix-howto/' });
	});
	test.afterAll(async () => {
		await site?.close();
	});

	test('the whole guide works from a plain static server under /matrix-howto/', async ({
		page,
	}) => {
		const failed: string[] = [];
		page.on('response', (response) => {
			if (
				response.url().startsWith(site.url.replace(/matrix-howto\/$/, '')) &&
				response.status() >= 400
			) {
				failed.push(`${response.status()} ${response.url()}`);
			}
		});
		expect(site.url).toMatch(/\/matrix-howto\/$/);

		await walk(page, site.url);

		const links = await page
			.locator('a[href^="/"]')
			.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
		expect(links.filter((href) => !href.startsWith('/matrix-howto/'))).toEqual([]);
		expect(failed).toEqual([]);
	});
});
