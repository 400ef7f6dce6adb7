import { expect, test } from '@playwright/test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { fillBody, pageUrl, panel, runPanel, servers, storedSecrets } from './guide-helpers.ts';

const examples = await loadGuideExamples();
const step = (id: string) => {
	const found = examples.find((example) => example.id === id);
	if (!found) throw new Error(`The guide has no example "${id}".`);
	return found;
};

// Each would run code or add markup if any part of the page treated text as HTML.
const hostile = [
	'<script>window.pwned = "script"</script>',
	'<img src="x" onerror="window.pwned = \'img\'">',
	'<a href="javascript:window.pwned=\'link\'">click me</a>',
	'"><svg onload="window.pwned = \'svg\'">',
].join(' ');

test('hostile text from the server stays text in every panel', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await page.goto(pageUrl('accounts'));
	await runPanel(page, step('register-start'));
	await runPanel(page, step('register-finish'));

	// A display name set outside the guide, so the member events carry it.
	const secrets = await storedSecrets(page);
	const userId = await page.evaluate(() => {
		const key = Object.keys(localStorage).find((name) => name.includes(':values:')) ?? '';
		const bucket = JSON.parse(localStorage.getItem(key) ?? '{}') as {
			values: Record<string, string>;
		};
		return bucket.values['me.userId'] ?? '';
	});
	const answer = await fetch(
		`${servers().sandbox}/_matrix/client/v3/profile/${encodeURIComponent(userId)}/displayname`,
		{
			method: 'PUT',
			headers: {
				Authorization: `Bearer ${secrets['me.accessToken']}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({ displayname: hostile }),
		},
	);
	expect(answer.status).toBe(200);

	await page.goto(pageUrl('communicating'));
	const createRoom = panel(page, 'create-room');
	const body = JSON.parse(
		await createRoom.locator('textarea[data-role="body"]').inputValue(),
	) as Record<string, string>;
	await fillBody(createRoom, JSON.stringify({ ...body, name: hostile, topic: hostile }, null, 2));
	await runPanel(page, step('create-room'));
	const send = panel(page, 'send-message');
	await fillBody(send, JSON.stringify({ msgtype: 'm.text', body: hostile }));
	await runPanel(page, step('send-message'));

	await page.goto(pageUrl('getting-events'));
	const sync = await runPanel(page, step('sync-initial'));
	await expect(sync.locator('.run-body')).toContainText('window.pwned');
	await page.goto(pageUrl('users-and-rooms'));
	const members = await runPanel(page, step('members'));
	await expect(members.locator('.run-body')).toContainText('onerror');

	for (const target of [sync, members]) {
		expect(
			await target.locator('script, img, svg, a[href^="javascript:"], [onerror], [onload]').count(),
		).toBe(0);
	}
	expect(
		// The page's own scripts are external modules; anything else would be injected.
		await page
			.locator(
				'main script:not([type="module"][src^="/_astro/"]), main img, main svg, a[href^="javascript:"]',
			)
			.count(),
	).toBe(0);
	expect(await page.evaluate(() => (window as { pwned?: string }).pwned)).toBeUndefined();
	expect(dialogs).toEqual([]);
});

test('a rejected token that the server echoes back is masked on screen and in storage', async ({
	page,
}) => {
	await page.goto(pageUrl('accounts'));
	await runPanel(page, step('register-start'));
	await runPanel(page, step('register-finish'));
	const token = (await storedSecrets(page))['me.accessToken'] ?? '';
	await page.route('**/_matrix/client/v3/account/whoami', (route) =>
		route.fulfill({
			status: 401,
			headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
			body: JSON.stringify({
				errcode: 'M_UNKNOWN_TOKEN',
				error: `bad token Bearer ${token}`,
				soft_logout: false,
			}),
		}),
	);

	await panel(page, 'whoami').getByRole('button', { name: 'Run' }).click();

	await expect(panel(page, 'whoami').locator('.run-status')).toHaveAttribute('data-status', '401');
	expect(await page.locator('body').innerText()).not.toContain(token);
	const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
	expect(stored).not.toContain(token);
});

test('an answer nested too deep to walk is still shown as an answer', async ({ page }) => {
	await page.goto(pageUrl('accounts'));
	const deep = `${'['.repeat(40_000)}${']'.repeat(40_000)}`;
	await page.route('**/_matrix/client/v3/login', (route) =>
		route.fulfill({
			status: 200,
			headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
			body: deep,
		}),
	);

	await panel(page, 'login-flows').getByRole('button', { name: 'Run' }).click();

	await expect(panel(page, 'login-flows').locator('.run-status')).toHaveAttribute(
		'data-status',
		'200',
	);
});
