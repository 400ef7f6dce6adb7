import { expect, test } from '@playwright/test';
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

test('a reader runs every panel of the guide in order without typing', async ({ page }) => {
	const seen = new Set<string>();
	for (const slug of pages) {
		await page.goto(pageUrl(slug));
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
});
