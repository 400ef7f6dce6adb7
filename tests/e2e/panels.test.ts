import { expect, test, type Page } from '@playwright/test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { pageUrl, panel, runPanel, storedSecrets } from './guide-helpers.ts';

const examples = await loadGuideExamples();
const step = (id: string) => {
	const found = examples.find((example) => example.id === id);
	if (!found) throw new Error(`The guide has no example "${id}".`);
	return found;
};

async function runSteps(page: Page, slug: string, ids: string[]): Promise<void> {
	await page.goto(pageUrl(slug));
	for (const id of ids) await runPanel(page, step(id));
}

// Both accounts registered and the tutorial room made, as the first pages do.
async function twoAccountsAndARoom(page: Page): Promise<void> {
	await runSteps(page, 'accounts', [
		'register-start',
		'register-finish',
		'friend-register-start',
		'friend-register-finish',
	]);
	await runSteps(page, 'communicating', ['create-room']);
}

async function openSession(page: Page): Promise<void> {
	const details = page.locator('.session-details');
	if (!(await details.getAttribute('open'))) await details.locator('summary').click();
}

test('a panel runs from the keyboard alone, with visible focus', async ({ page }) => {
	await page.goto(pageUrl('accounts'));
	const run = panel(page, 'login-flows').getByRole('button', { name: 'Run' });
	await run.focus();
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Tab');

	await expect(run).toBeFocused();
	const outline = await run.evaluate((button) => getComputedStyle(button).outlineStyle);
	expect(outline).not.toBe('none');
	await page.keyboard.press('Enter');
	await expect(panel(page, 'login-flows').locator('.run-status')).toHaveAttribute(
		'data-status',
		'200',
	);
});

test('tokens stay masked until revealed, and can move to this device', async ({ page }) => {
	await runSteps(page, 'accounts', ['register-start', 'register-finish']);
	const token = (await storedSecrets(page))['me.accessToken'] ?? '';
	const bar = page.locator('matrix-session-bar');
	await openSession(page);
	await expect(bar).not.toContainText(token);

	await bar.getByRole('button', { name: 'Show tokens and passwords' }).click();
	await expect(bar.getByLabel('your access token')).toHaveValue(token);
	await expect(panel(page, 'register-finish').locator('.run-body')).toContainText(token);
	await bar.getByRole('button', { name: 'Hide tokens and passwords' }).click();
	await expect(page.locator('body')).not.toContainText(token);

	await bar.getByLabel('Remember tokens on this device').check();
	const where = await page.evaluate(() => ({
		local: Object.keys(localStorage).some((key) => key.includes(':secrets:')),
		session: Object.keys(sessionStorage).some((key) => key.includes(':secrets:')),
	}));
	expect(where).toEqual({ local: true, session: false });
});

test('logging out from the session bar points later steps to the login step', async ({ page }) => {
	await runSteps(page, 'accounts', ['register-start', 'register-finish']);
	await openSession(page);
	await page.locator('[data-account="me"]').getByRole('button', { name: 'Log out' }).click();
	await expect(page.locator('[data-account="me"]')).toContainText('logged out');

	await page.goto(pageUrl('communicating'));
	const needs = panel(page, 'create-room').locator('[data-role="needs"]');
	await expect(needs).toContainText('was logged out');
	await expect(needs.getByRole('link', { name: 'Log in with a password' })).toBeVisible();
});

test('a token the server rejects is set aside and the login step pointed to', async ({ page }) => {
	await runSteps(page, 'accounts', ['register-start', 'register-finish']);
	await openSession(page);
	await page.getByRole('button', { name: 'Show tokens and passwords' }).click();
	const field = page.locator('matrix-session-bar').getByLabel('your access token');
	await field.fill('sandbox_not-a-token-the-server-knows');
	await field.press('Enter');
	await field.blur();

	await page.goto(pageUrl('communicating'));
	await panel(page, 'create-room').getByRole('button', { name: 'Run' }).click();
	const createRoom = panel(page, 'create-room');
	await expect(createRoom.locator('.run-status')).toHaveAttribute('data-status', '401');
	await expect(createRoom.locator('.run-explain')).toContainText(
		'no longer accepts this access token',
	);
	await expect(createRoom.locator('[data-role="needs"]')).toContainText('expired');
	await expect(
		createRoom.locator('[data-role="needs"]').getByRole('link', { name: 'Log in with a password' }),
	).toBeVisible();
});

test('query values are fields, shown readable and sent encoded', async ({ page }) => {
	await runSteps(page, 'accounts', ['register-start', 'register-finish']);
	await page.goto(pageUrl('getting-events'));
	const filtered = panel(page, 'sync-filtered');
	await filtered.getByLabel('query filter').fill('{"room":{"timeline":{"limit":2}}}');

	await expect(filtered.locator('[data-role="readable"]')).toContainText(
		'filter={"room":{"timeline":{"limit":2}}}',
	);
	await expect(filtered.locator('[data-role="url"]')).toContainText(
		'filter=%7B%22room%22%3A%7B%22timeline%22%3A%7B%22limit%22%3A2%7D%7D%7D',
	);
	await filtered.getByRole('button', { name: 'Run' }).click();
	await expect(filtered.locator('.run-status')).toHaveAttribute('data-status', '200');
	await filtered.getByRole('button', { name: 'Reset edits' }).click();
	await expect(filtered.getByLabel('query filter')).toHaveValue(
		'{"room":{"timeline":{"limit":1}}}',
	);
});

test('a long-poll counts down, can be cancelled, and can keep syncing', async ({ page }) => {
	await twoAccountsAndARoom(page);
	await runSteps(page, 'users-and-rooms', ['invite', 'join-invite']);
	await runSteps(page, 'getting-events', ['sync-initial']);
	const poll = panel(page, 'sync-long-poll');

	await poll.getByRole('button', { name: 'Run' }).click();
	await expect(poll.locator('[data-role="state"]')).toContainText(/\d+ s left/);
	await poll.getByRole('button', { name: 'Cancel' }).click();
	await expect(poll.locator('.run-status')).toContainText('Cancelled');

	await poll.getByLabel('Keep syncing').check();
	await poll.getByRole('button', { name: 'Run' }).click();
	await runPanel(page, step('friend-says-hello'));
	await expect(poll.locator('[data-role="batches"] li')).toHaveCount(1);
	await expect(poll.locator('[data-role="batches"] li').first()).toContainText(
		'1 timeline event in 1 room',
	);
	await expect(poll).toHaveAttribute('data-running', '');
	await poll.getByRole('button', { name: 'Cancel' }).click();
	await expect(poll).not.toHaveAttribute('data-running', '');
});

test('a 429 is waited out and retried; the history lists each run', async ({ page }) => {
	await page.goto(pageUrl('accounts'));
	// The picker's own check also asks GET /login; let it finish first.
	await expect(page.locator('.session-status')).toContainText('registration open');
	let calls = 0;
	await page.route('**/_matrix/client/v3/login', async (route) => {
		calls += 1;
		if (calls === 1) {
			await route.fulfill({
				status: 429,
				headers: {
					'content-type': 'application/json',
					'access-control-allow-origin': '*',
					'retry-after': '1',
				},
				body: JSON.stringify({
					errcode: 'M_LIMIT_EXCEEDED',
					error: 'Too many requests',
					retry_after_ms: 1200,
				}),
			});
		} else {
			await route.continue();
		}
	});
	const flows = panel(page, 'login-flows');

	await flows.getByRole('button', { name: 'Run' }).click();
	await expect(flows.locator('[data-role="state"]')).toContainText(
		'Rate limited (429): trying again in',
	);
	await expect(flows.locator('.run-status')).toHaveAttribute('data-status', '200', {
		timeout: 5000,
	});
	expect(calls).toBe(2);
	await runPanel(page, step('login-flows'));
	await expect(flows.locator('.run-history summary')).toHaveText('Earlier runs (1)');
});

test('a non-JSON answer is shown as text with its content type, never as HTML', async ({
	page,
}) => {
	await page.goto(pageUrl('accounts'));
	await page.route('**/_matrix/client/v3/login', (route) =>
		route.fulfill({
			status: 502,
			headers: { 'content-type': 'text/html', 'access-control-allow-origin': '*' },
			body: '<html><body><h1 id="proxy">Bad gateway</h1><img src="x" onerror="window.pwned=1"><script>window.pwned=2</script></body></html>',
		}),
	);
	const flows = panel(page, 'login-flows');

	await flows.getByRole('button', { name: 'Run' }).click();
	await expect(flows.locator('.run-status')).toHaveAttribute('data-status', '502');
	await expect(flows.locator('.run-body-label')).toContainText('not JSON (text/html)');
	await expect(flows.locator('.run-body')).toContainText('<h1 id="proxy">Bad gateway</h1>');
	expect(await page.locator('#proxy, .panel-result img, .panel-result script').count()).toBe(0);
	expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
});

test('a 5 MB sync answer is shown as a tree that opens on demand', async ({ page }) => {
	await runSteps(page, 'accounts', ['register-start', 'register-finish']);
	const rooms: Record<string, unknown> = {};
	for (let index = 0; index < 2000; index++) {
		rooms[`!room${index}:localhost`] = {
			timeline: {
				events: [{ type: 'm.room.message', content: { body: 'x'.repeat(2400) } }],
				limited: false,
			},
		};
	}
	const body = JSON.stringify({ next_batch: 's1', rooms: { join: rooms } });
	expect(body.length).toBeGreaterThan(5_000_000);
	await page.goto(pageUrl('getting-events'));
	await page.route('**/_matrix/client/v3/sync', (route) =>
		route.fulfill({
			status: 200,
			headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
			body,
		}),
	);
	const sync = panel(page, 'sync-initial');

	await sync.getByRole('button', { name: 'Run' }).click();
	await expect(sync.locator('.run-tree')).toBeVisible();
	await expect(sync.locator('.run-body-label')).toContainText('MB, shown as a tree');
	expect(await sync.locator('.jt-node').count()).toBeLessThan(10);
	await sync.locator('.jt-node summary', { hasText: '"rooms"' }).click();
	await sync.locator('.jt-node summary', { hasText: '"join"' }).click();
	await expect(sync.getByRole('button', { name: /show 100 more of 1900/ })).toBeVisible();
});

test('the theme switch cycles system, light and dark, and is remembered', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'light' });
	await page.goto(pageUrl('index'));
	const button = page.locator('matrix-theme-switch button');
	await expect(button).toHaveAccessibleName('Theme: as the system');
	const width = async () => (await button.boundingBox())?.width;
	const firstWidth = await width();

	await button.click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
	await expect(button).toHaveAccessibleName('Theme: light');
	await button.click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(button).toHaveAccessibleName('Theme: dark');
	// One width for every label, so the header beside it never rewraps.
	expect(await width()).toBe(firstWidth);
	const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(background).toBe('rgb(15, 17, 21)');
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(button).toHaveAccessibleName('Theme: dark');
});

test('copy as curl gives the exact request, or one with $ACCESS_TOKEN', async ({
	page,
	context,
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await runSteps(page, 'accounts', ['register-start', 'register-finish']);
	const token = (await storedSecrets(page))['me.accessToken'] ?? '';
	await page.goto(pageUrl('communicating'));
	const createRoom = panel(page, 'create-room');

	await createRoom.locator('[data-role="curl"] summary').click();
	const shown = createRoom.locator('[data-role="curl-text"]');
	await expect(shown).toContainText("curl 'http://");
	await expect(shown).toContainText('Authorization: Bearer ••••••••');
	await expect(shown).not.toContainText(token);
	await createRoom.getByRole('button', { name: 'Copy with $ACCESS_TOKEN' }).click();
	const withVariable = await page.evaluate(() => navigator.clipboard.readText());
	await createRoom.getByRole('button', { name: 'Copy as curl' }).click();
	const exact = await page.evaluate(() => navigator.clipboard.readText());

	expect(withVariable).toContain('"Authorization: Bearer $ACCESS_TOKEN"');
	expect(withVariable).not.toContain(token);
	expect(exact).toContain(`Bearer ${token}`);
	expect(exact).toContain('--data-raw');
});

test('the code editor loads only when a reader starts editing a body', async ({ page }) => {
	const editorFiles: string[] = [];
	page.on('request', (request) => {
		if (/monaco|editor\.api|json\.worker|jsonMode/i.test(request.url()))
			editorFiles.push(request.url());
	});
	await runSteps(page, 'accounts', ['register-start', 'register-finish', 'login-flows']);
	expect(editorFiles).toEqual([]);

	await panel(page, 'login').getByLabel('Request body').focus();

	await expect(panel(page, 'login').locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
	expect(editorFiles.length).toBeGreaterThan(0);
	await runPanel(page, step('login'));
});

test('a join without an invite, and an unknown alias, are explained in words', async ({ page }) => {
	await twoAccountsAndARoom(page);
	await page.goto(pageUrl('users-and-rooms'));

	// The friend tries the invite-only room before anyone invited them.
	const join = panel(page, 'join-invite');
	await join.getByRole('button', { name: 'Run' }).click();
	await expect(join.locator('.run-status')).toHaveAttribute('data-status', '403');
	await expect(join.locator('.run-explain')).toContainText('invite-only');

	await runPanel(page, step('create-public-room'));
	const byAlias = panel(page, 'join-alias');
	await byAlias.getByLabel('the public room alias').fill('#no-such-room:localhost');
	await byAlias.getByRole('button', { name: 'Run' }).click();
	await expect(byAlias.locator('.run-status')).toHaveAttribute('data-status', '404');
	await expect(byAlias.locator('.run-explain')).toContainText('No room has this alias');
});
