import { expect, test, type Page } from '@playwright/test';
import { createServer, type AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { pageUrl, panel, runPanel, servers, storedSecrets } from './guide-helpers.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { homeserverKey } from '../../src/scripts/storage-keys.ts';

const examples = await loadGuideExamples();
const step = (id: string) => {
	const found = examples.find((example) => example.id === id);
	if (!found) throw new Error(`The guide has no example "${id}".`);
	return found;
};

async function register(page: Page): Promise<void> {
	await runPanel(page, step('register-start'));
	await runPanel(page, step('register-finish'));
}

async function useHomeserver(page: Page, url: string): Promise<void> {
	await page.getByLabel('Homeserver', { exact: true }).fill(url);
	await page.getByRole('button', { name: 'Use this homeserver' }).click();
}

test('a step whose inputs are missing links to the step that provides them', async ({ page }) => {
	await page.goto(pageUrl('communicating'));

	const createRoom = panel(page, 'create-room');
	await expect(createRoom.getByRole('button', { name: 'Run' })).toBeDisabled();
	const needs = createRoom.locator('[data-role="needs"]');
	await expect(needs).toContainText('your access token');
	const link = needs.getByRole('link', { name: 'Complete registration' });
	await expect(link).toHaveAttribute('href', /guide\/accounts\/#register-finish$/);
});

test('the picker shows the versions, or why a homeserver cannot be reached', async ({ page }) => {
	await page.goto(pageUrl('index'));
	const status = page.locator('.session-status');
	await expect(status).toContainText('answers: Matrix spec');
	await expect(status).toContainText('v1.');

	// A port that was free a moment ago: nothing listens there.
	const port = await closedPort();
	await useHomeserver(page, `http://127.0.0.1:${port}`);
	await expect(status).toHaveAttribute('data-state', 'bad');
	await expect(status).toContainText(`No answer from http://127.0.0.1:${port}`);

	// Port 1 is one browsers refuse outright: said as such, before any request.
	await useHomeserver(page, 'http://127.0.0.1:1');
	await expect(status).toContainText('cannot be used from a browser: port 1 is one that browsers');

	await useHomeserver(page, 'http://exa mple'); // refused before any request
	await expect(status).toContainText('is not a homeserver URL');
});

test.describe('two homeservers', () => {
	let other: RunningSandbox;
	test.beforeAll(async () => {
		other = await startSandbox({ port: 0, serverName: 'other.test' });
	});
	test.afterAll(async () => {
		await other.close();
	});

	test('a token from one homeserver is never sent to another', async ({ page }) => {
		const { sandbox } = servers();
		const sent: Array<{ origin: string; authorization: string }> = [];
		page.on('request', (request) => {
			const authorization = request.headers()['authorization'];
			if (authorization) sent.push({ origin: new URL(request.url()).origin, authorization });
		});

		await page.goto(pageUrl('accounts'));
		await register(page);
		const tokenA = (await storedSecrets(page, sandbox))['me.accessToken'];
		await useHomeserver(page, other.url);
		await expect(page.locator('.session-status')).toHaveAttribute('data-state', 'good');
		await expect(
			panel(page, 'register-finish').getByRole('button', { name: 'Run' }),
		).toBeDisabled();
		await register(page);
		const tokenB = (await storedSecrets(page, other.url))['me.accessToken'];
		await expect(panel(page, 'register-finish').locator('.run-captured')).toContainText(
			'other.test',
		);

		// Back and forth: each homeserver gets its own values back.
		await useHomeserver(page, sandbox);
		await page.goto(pageUrl('communicating'));
		await runPanel(page, step('create-room'));
		await useHomeserver(page, other.url);
		await runPanel(page, step('create-room'));

		expect(tokenA).toBeTruthy();
		expect(tokenB).toBeTruthy();
		expect(tokenA).not.toEqual(tokenB);
		expect(sent.length).toBe(2);
		for (const request of sent) {
			const expected = request.origin === new URL(sandbox).origin ? tokenA : tokenB;
			expect(request.authorization).toBe(`Bearer ${expected}`);
		}
		expect(new Set(sent.map((request) => request.origin)).size).toBe(2);
	});
});

test('panels keep their values and last answers across a reload', async ({ page }) => {
	await page.goto(pageUrl('accounts'));
	await register(page);
	const finish = panel(page, 'register-finish');
	const userId = await finish.locator('.run-captured code').nth(3).textContent();

	await page.reload();

	await expect(finish.locator('.run-status')).toHaveAttribute('data-status', '200');
	await expect(finish.locator('.run-status')).toContainText('earlier');
	await expect(page.locator('.session-details summary')).toContainText(userId ?? 'missing');
	await expect(panel(page, 'login').getByRole('button', { name: 'Run' })).toBeEnabled();
});

test('a page opened in a new tab gets the tokens from the tab that has them', async ({
	page,
	context,
}) => {
	await page.goto(pageUrl('accounts'));
	await register(page);

	const second = await context.newPage();
	await second.goto(pageUrl('communicating'));

	await expect(panel(second, 'create-room').getByRole('button', { name: 'Run' })).toBeEnabled();
	await runPanel(second, step('create-room'));
});

test('without the tab that has them, a new tab says where the tokens are', async ({
	page,
	context,
}) => {
	await page.goto(pageUrl('accounts'));
	await register(page);
	const userId = await page.evaluate(() => {
		const key = Object.keys(localStorage).find((name) => name.includes(':values:')) ?? '';
		return (JSON.parse(localStorage.getItem(key) ?? '{}') as { values: Record<string, string> })
			.values['me.userId'];
	});
	await page.close();

	const second = await context.newPage();
	await second.goto(pageUrl('communicating'));

	const needs = panel(second, 'create-room').locator('[data-role="needs"]');
	await expect(needs).toContainText('tokens stay in the tab where they were made');
	await expect(needs.getByRole('link', { name: 'Log in with a password' })).toBeVisible();
	await expect(second.locator('[data-account="me"]')).toContainText(
		`${userId}, signed in in another tab`,
	);
});

test('forgetting or switching the homeserver clears answers that belonged to it', async ({
	page,
}) => {
	page.on('dialog', (dialog) => void dialog.accept());
	await page.goto(pageUrl('accounts'));
	await register(page);
	const finish = panel(page, 'register-finish');
	await expect(finish.locator('.run-captured')).toBeVisible();

	await useHomeserver(page, `http://127.0.0.1:${await closedPort()}`);
	await expect(finish.locator('.run-status')).toHaveCount(0);
	await useHomeserver(page, servers().sandbox);
	await expect(finish.locator('.run-status')).toHaveAttribute('data-status', '200');

	await page.locator('.session-details summary').click();
	await page.getByRole('button', { name: 'Forget this homeserver' }).click();
	await expect(finish.locator('.run-status')).toHaveCount(0);
	await expect(finish.getByRole('button', { name: 'Run' })).toBeDisabled();
});

test('a failed run does not claim to have saved values', async ({ page }) => {
	await page.goto(pageUrl('accounts'));
	await register(page);
	const finish = panel(page, 'register-finish');

	// The session was used up by the first run; the same request fails now.
	await finish.getByRole('button', { name: 'Run' }).click();

	await expect(finish.locator('.run-status')).not.toHaveAttribute('data-status', '200');
	await expect(finish.locator('.run-captured')).toHaveCount(0);
});

test.describe('finding the homeserver', () => {
	// Discovery answers come from page.route; the browser resolves no names at all.
	const wellKnown = (body: string, status = 200) => ({
		status,
		headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
		body,
	});

	test('a server name is looked up through .well-known, then checked', async ({ page }) => {
		const { sandbox } = servers();
		await page.route('https://example.test/.well-known/matrix/client', (route) =>
			route.fulfill(wellKnown(JSON.stringify({ 'm.homeserver': { base_url: `${sandbox}/` } }))),
		);
		await page.goto(pageUrl('index'));

		await useHomeserver(page, 'example.test');

		await expect(page.locator('.session-steps')).toContainText(
			`Discovery: https://example.test/.well-known/matrix/client points to ${sandbox}`,
		);
		await expect(page.locator('.session-status')).toHaveAttribute('data-state', 'good');
		await expect(page.getByLabel('Homeserver', { exact: true })).toHaveValue(sandbox);
		await expect(page.locator('.session-steps')).toContainText('Password login: offered');
		await expect(page.locator('.session-steps')).toContainText('Registration: open');
	});

	test('a user ID is read for its server name; a broken .well-known stops with the reason', async ({
		page,
	}) => {
		await page.route('https://broken.test/.well-known/matrix/client', (route) =>
			route.fulfill(wellKnown('{"m.homeserver": {}}')),
		);
		await page.goto(pageUrl('index'));

		await useHomeserver(page, '@alice:broken.test');

		await expect(page.locator('.session-steps')).toContainText('@alice:broken.test is a user ID');
		await expect(page.locator('.session-status')).toHaveAttribute('data-state', 'bad');
		await expect(page.locator('.session-status')).toContainText('has no "m.homeserver"');
	});

	test('a server that offers no password login says which steps cannot run', async ({ page }) => {
		const { sandbox } = servers();
		await page.route(`${sandbox}/_matrix/client/v3/login`, (route) =>
			route.fulfill(wellKnown(JSON.stringify({ flows: [{ type: 'm.login.sso' }] }))),
		);
		await page.goto(pageUrl('index'));

		await expect(page.locator('.session-steps')).toContainText('Password login: not offered');
		await expect(page.locator('.session-steps')).toContainText('“Log in with a password”');
		await expect(page.locator('.session-steps')).toContainText('paste its access token');
	});

	test('a pasted access token is asked whose it is', async ({ page }) => {
		await page.goto(pageUrl('accounts'));
		await register(page);
		const token = (await storedSecrets(page))['me.accessToken'] ?? '';
		await page.evaluate(() => sessionStorage.clear());
		await page.evaluate(() => {
			for (const key of Object.keys(localStorage))
				if (key.includes(':values:')) localStorage.removeItem(key);
		});
		await page.reload();
		await page.locator('.session-details summary').click();

		const field = page.locator('matrix-session-bar').getByLabel('your access token');
		await field.fill(token);
		await field.press('Tab');

		await expect(page.locator('[data-account="me"]')).toContainText('signed in as @reader-');
	});
});

test.describe('what the picker refuses', () => {
	/** The uncaught errors the page throws from now on. */
	function noPageErrors(page: Page): string[] {
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		return errors;
	}

	const savedHomeserver = (page: Page) =>
		page.evaluate((key) => localStorage.getItem(key), homeserverKey);

	test('an out-of-range port is refused before any request, and the panels keep working', async ({
		page,
	}) => {
		const errors = noPageErrors(page);
		const status = page.locator('.session-status');
		await page.goto(pageUrl('accounts'));
		await expect(status).toHaveAttribute('data-state', 'good');

		for (const input of ['localhost:65536', 'localhost:99999', '@alice:localhost:99999']) {
			await useHomeserver(page, input);
			await expect(status).toHaveAttribute('data-state', 'bad');
			await expect(status).toContainText(/port \d+ is out of range: ports go up to 65535/);
		}
		await useHomeserver(page, 'http://localhost:99999');
		await expect(status).toContainText('is not a homeserver URL: port 99999 is out of range');

		expect(await savedHomeserver(page)).toBe(servers().sandbox);
		await runPanel(page, step('login-flows'));
		expect(errors).toEqual([]);
	});

	test('port 0 is named as a port browsers refuse, typed or linked', async ({ page }) => {
		const errors = noPageErrors(page);
		const status = page.locator('.session-status');
		await page.goto(pageUrl('index'));

		for (const input of ['localhost:0', 'http://localhost:0']) {
			await useHomeserver(page, input);
			await expect(status).toContainText('cannot be used from a browser: port 0');
			await expect(status).not.toContainText('CORS');
		}
		await page.goto(`${servers().guide}?homeserver=${encodeURIComponent('http://localhost:0')}`);
		await expect(status).toContainText("The link's homeserver was not used.");
		await expect(status).toContainText('http://localhost:0 cannot be used from a browser: port 0');
		expect(errors).toEqual([]);
	});

	test('a refused ?homeserver= says so, why, and which homeserver is used instead', async ({
		page,
	}) => {
		const { guide, sandbox } = servers();
		const errors = noPageErrors(page);
		const status = page.locator('.session-status');
		await page.goto(pageUrl('index')); // the sandbox becomes the saved choice
		const cases = [
			['http://alice:hunter2@localhost:8008', 'holds a user name or password'],
			['javascript:alert(1)', 'starts with "javascript:"'],
			['<script>window.injected = 1</script>', 'is not a server name'],
			['http://localhost:99999', 'port 99999 is out of range'],
			['', 'Its ?homeserver= is empty.'],
			['a'.repeat(5000), 'longer than 255 characters'],
		] as const;

		for (const [value, why] of cases) {
			await page.goto(`${guide}?homeserver=${encodeURIComponent(value)}`);

			await expect(status).toHaveAttribute('data-state', 'bad');
			await expect(status).toContainText("The link's homeserver was not used.");
			await expect(status).toContainText(why);
			await expect(status).toContainText(`The guide uses ${sandbox} instead.`);
			await expect(page.locator('.session-steps')).toContainText(`${sandbox} answers`);
			expect((await status.textContent())?.length ?? 0).toBeLessThan(500);
			await expect(status).not.toContainText('hunter2');
		}
		expect(await page.evaluate(() => 'injected' in window)).toBe(false);
		await expect(status.locator('*')).toHaveCount(0);
		expect(await savedHomeserver(page)).toBe(sandbox);
		expect(errors).toEqual([]);
	});

	test('a ?homeserver= server name or user ID is found as if it were typed', async ({ page }) => {
		const port = new URL(servers().sandbox).port;
		const status = page.locator('.session-status');
		const field = page.getByLabel('Homeserver', { exact: true });

		for (const value of [`localhost:${port}`, `@alice:localhost:${port}`]) {
			await page.goto(`${servers().guide}?homeserver=${encodeURIComponent(value)}`);

			await expect(status).toHaveAttribute('data-state', 'good');
			await expect(status).toContainText(`http://localhost:${port} answers: Matrix spec`);
			await expect(field).toHaveValue(`http://localhost:${port}`);
			expect(await savedHomeserver(page)).toBe(`http://localhost:${port}`);
		}
	});

	test('a too-long server name or user ID is refused without a request, quoted short', async ({
		page,
	}) => {
		const status = page.locator('.session-status');
		const asked: string[] = [];
		await page.goto(pageUrl('index'));
		await expect(status).toContainText('registration open'); // the check on load is done
		page.on('request', (request) => asked.push(request.url()));

		await useHomeserver(page, Array.from({ length: 40_000 }, () => 'a').join('.'));
		await expect(status).toContainText('longer than 255 characters');
		expect((await status.textContent())?.length ?? 0).toBeLessThan(400);
		await useHomeserver(page, `@${'a'.repeat(100_000)}:localhost:8008`);
		await expect(status).toContainText('longer than the 255 bytes');
		await useHomeserver(page, '@:localhost:8008');
		await expect(status).toContainText('the name between "@" and ":" is empty');
		await useHomeserver(page, '[1:2]');
		await expect(status).toContainText('[1:2] is not a valid IPv6 address');
		await expect(status).not.toContainText('CORS');

		expect(asked).toEqual([]);
	});
});

/** A loopback port that nothing listens on: bound, noted, and let go. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	await new Promise((done) => server.close(done));
	return port;
}
