import {
	expect,
	test,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page,
	type Request,
} from '@playwright/test';
import { maskSecret } from '../../src/matrix/redact.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { axeViolations, pageUrl, runPanel, servers, storedSecrets } from './guide-helpers.ts';

const examples = await loadGuideExamples();
function step(id: string) {
	const found = examples.find((example) => example.id === id);
	if (!found) throw new Error(`The guide has no example "${id}"; the test needs it.`);
	return found;
}

/** One person using the example app in a browser context of their own. */
interface Reader {
	readonly page: Page;
	readonly userId: string;
	readonly app: Locator;
	readonly timeline: Locator;
}

/** `@bob:server` → `bob`, the display name the sandbox gives a new account. */
function localpart(userId: string): string {
	return userId.slice(1, userId.indexOf(':'));
}

let counter = 0;
// Usernames unique across runs against the same sandbox.
function username(prefix: string): string {
	counter++;
	return `${prefix}-${Date.now().toString(36)}${counter}`;
}

// Each reader has a browser context of their own, closed after each test.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function openApp(page: Page): Promise<Locator> {
	await page.goto(pageUrl('example-app'));
	const app = page.locator('matrix-example-app');
	await expect(app).toHaveAttribute('data-ready', '');
	return app;
}

/** A new browser context, with an account registered on the app's page. */
async function reader(browser: Browser, prefix: string): Promise<Reader> {
	const context = await browser.newContext();
	contexts.push(context);
	const page = await context.newPage();
	const app = await openApp(page);
	const name = username(prefix);
	await app.getByLabel('Username').fill(name);
	await app.getByLabel('Password').fill('correct horse battery');
	await app.getByRole('button', { name: 'Register' }).click();
	await expect(app.locator('[data-role="who"]')).toContainText(`@${name}:`);
	await expect(app.locator('[data-role="sync"]')).toHaveAttribute('data-state', 'live');
	const who = (await app.locator('[data-role="who"]').textContent()) ?? '';
	const userId = who.slice(who.indexOf('@'));
	return { page, userId, app, timeline: app.locator('[data-role="events"]') };
}

async function createRoom(
	someone: Reader,
	room: { name: string; alias?: string; public?: boolean },
): Promise<void> {
	const { app } = someone;
	await app.getByText('Create a room').click();
	await app.getByLabel('Room name').fill(room.name);
	if (room.alias) await app.getByLabel('Alias (optional)').fill(room.alias);
	if (room.public) await app.getByLabel('Anyone who knows the alias').check();
	await app.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(app.locator('[data-role="room-name"]')).toHaveText(room.name);
}

async function invite(someone: Reader, userId: string): Promise<void> {
	const { app } = someone;
	await app.locator('[data-role="members-toggle"]').click();
	await app.getByLabel('Invite by user ID').fill(userId);
	await app.getByRole('button', { name: 'Invite', exact: true }).click();
	await expect(app.locator('[data-role="invite-status"]')).toHaveText(`Invited ${userId}.`);
}

async function accept(someone: Reader, roomName: string): Promise<void> {
	const card = someone.app.locator('.xapp-invite', { hasText: roomName });
	await card.getByRole('button', { name: 'Accept' }).click();
	await expect(someone.app.locator('[data-role="room-name"]')).toHaveText(roomName);
}

/** Sends a message and waits until the homeserver has given it an event ID. */
async function say(someone: Reader, text: string): Promise<void> {
	const sent = someone.page.waitForResponse(
		(response) => response.url().includes('/send/m.room.message/') && response.ok(),
	);
	await someone.app.getByLabel('Message', { exact: true }).fill(text);
	await someone.app.getByLabel('Message', { exact: true }).press('Enter');
	await sent;
}

/** Two readers in one room: `host` made it and invited `guest`, who accepted. */
async function twoInARoom(browser: Browser, roomName: string): Promise<[Reader, Reader]> {
	const host = await reader(browser, 'host');
	const guest = await reader(browser, 'guest');
	await createRoom(host, { name: roomName });
	await invite(host, guest.userId);
	await accept(guest, roomName);
	return [host, guest];
}

test('a room made and shared by invite carries messages live between two readers', async ({
	browser,
}) => {
	const alice = await reader(browser, 'alice');
	const bob = await reader(browser, 'bob');

	await createRoom(alice, { name: 'Plans', alias: username('plans') });
	await invite(alice, bob.userId);
	const card = bob.app.locator('.xapp-invite');
	await expect(card).toContainText('Plans');
	await expect(card).toContainText(`Invited by ${alice.userId}`);
	await accept(bob, 'Plans');

	await expect(alice.timeline).toContainText(`invited ${localpart(bob.userId)}`);
	await expect(alice.timeline.locator('.xapp-membership').last()).toContainText('joined the room');
	await say(alice, 'Hello Bob, can you read this?');
	await expect(bob.timeline.getByText('Hello Bob, can you read this?')).toBeVisible({
		timeout: 1000,
	});
	await say(bob, 'Loud and clear.');
	await expect(alice.timeline.getByText('Loud and clear.')).toBeVisible({ timeout: 1000 });

	const sender = bob.timeline.locator('.xapp-message', { hasText: 'Loud and clear.' });
	await expect(sender.locator('.xapp-sender')).toBeVisible();
	await expect(sender.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
	await expect(alice.app.locator('.xapp-room-item[aria-current="true"]')).toContainText(
		'Loud and clear.',
	);
	await expect(alice.app.locator('[data-role="members"]')).toContainText(bob.userId);
});

test("the app opens with the guide's session; logging in here renews the token", async ({
	page,
}) => {
	await page.goto(pageUrl('accounts'));
	await expect(page.locator('.session-status')).toHaveAttribute('data-state', 'good');
	await runPanel(page, step('register-start'));
	await runPanel(page, step('register-finish'));
	const before = await storedSecrets(page);
	const app = await openApp(page);
	const userId = (await app.locator('[data-role="session-text"]').textContent())?.match(
		/@\S+:[^\s)]+/,
	)?.[0];
	expect(userId).toBeDefined();

	await app.getByRole('button', { name: `Open the app as ${userId}` }).click();
	await expect(app.locator('[data-role="who"]')).toHaveText(`Signed in as ${userId}`);
	await expect(app.locator('[data-role="sync"]')).toHaveAttribute('data-state', 'live');
	await app.getByRole('button', { name: 'Stop the app' }).click();
	await expect(app.locator('[data-role="sync"]')).toHaveAttribute('data-state', 'stopped');
	// The session's own username is offered; its password is the one registered with.
	await expect(app.getByLabel('Username')).toHaveValue(localpart(userId ?? ''));
	await app.getByLabel('Password').fill(before['me.password'] ?? '');
	await app.getByRole('button', { name: 'Log in' }).click();
	await expect(app.locator('[data-role="who"]')).toHaveText(`Signed in as ${userId}`);

	const after = await storedSecrets(page);
	expect(after['me.accessToken']).toBeDefined();
	expect(after['me.accessToken']).not.toBe(before['me.accessToken']);
	const login = app.locator('.xlog-entry[data-step="login"]');
	await expect(login).toContainText('POST /_matrix/client/v3/login');
	await expect(login.locator('.xlog-status')).toHaveText('200 OK');
	await login.locator('summary').click();
	const raw = (await login.locator('.xlog-pre').allTextContents()).join('\n');
	expect(raw).toContain(`"access_token": "${maskSecret(after['me.accessToken'] ?? '')}"`);
	expect(raw).toContain(`"password": "${maskSecret(before['me.password'] ?? '')}"`);
	const sync = app.locator('.xlog-entry[data-step="sync-initial"]').first();
	await sync.locator('summary').click();
	await expect(sync.locator('.xlog-pre').first()).toContainText(
		`Authorization: Bearer ${maskSecret(after['me.accessToken'] ?? '')}`,
	);
	const shown = await app.evaluate((element) => element.textContent ?? '');
	for (const secret of Object.values(after)) expect(shown.includes(secret)).toBe(false);
});

test('a public room is joined by its alias or its ID, and left again', async ({ browser }) => {
	const host = await reader(browser, 'host');
	const visitor = await reader(browser, 'visitor');
	const alias = username('lobby');
	await createRoom(host, { name: 'Lobby', alias, public: true });
	const server = host.userId.slice(host.userId.indexOf(':') + 1);

	await visitor.app.getByText('Join a room').click();
	await visitor.app.getByLabel('Alias or room ID').fill(`#${alias}:${server}`);
	await visitor.app.getByRole('button', { name: 'Join', exact: true }).click();
	await expect(visitor.app.locator('[data-role="room-name"]')).toHaveText('Lobby');
	await expect(host.timeline.locator('.xapp-membership').last()).toContainText('joined the room');
	await visitor.app.getByRole('button', { name: 'Leave' }).click();

	await expect(visitor.app.locator('[data-role="no-room"]')).toHaveText('You left Lobby.');
	await expect(visitor.app.locator('[data-role="rooms"]')).not.toContainText('Lobby');
	await expect(host.timeline.locator('.xapp-membership').last()).toContainText('left the room');

	const roomId =
		(await host.app.locator('.xapp-room-item[aria-current="true"]').getAttribute('data-room-id')) ??
		'';
	await visitor.app.getByLabel('Alias or room ID').fill(roomId);
	await visitor.app.getByRole('button', { name: 'Join', exact: true }).click();
	await expect(visitor.app.locator('[data-role="room-name"]')).toHaveText('Lobby');
	await expect(host.timeline.locator('.xapp-membership').last()).toContainText('joined the room');
});

test('an invite can be declined, and the inviter sees it in words', async ({ browser }) => {
	const host = await reader(browser, 'host');
	const invitee = await reader(browser, 'invitee');
	await createRoom(host, { name: 'Not for me' });
	await invite(host, invitee.userId);
	const card = invitee.app.locator('.xapp-invite', { hasText: 'Not for me' });

	await card.getByRole('button', { name: 'Decline' }).click();

	await expect(card).toHaveCount(0);
	await expect(invitee.app.locator('[data-role="rooms"]')).not.toContainText('Not for me');
	await expect(host.timeline.locator('.xapp-membership').last()).toContainText(
		`${localpart(invitee.userId)} declined the invite`,
	);
});

test("loading earlier messages pages back through /messages to the room's creation", async ({
	browser,
}) => {
	const [host] = await twoInARoom(browser, 'History');
	for (let index = 1; index <= 30; index++) await say(host, `Message number ${index}`);
	const pages: string[] = [];
	host.page.on('request', (request) => {
		if (request.url().includes('/messages?')) pages.push(request.url());
	});

	// A fresh page view: the first sync brings only the latest events.
	const app = await openApp(host.page);
	await app.getByRole('button', { name: `Open the app as ${host.userId}` }).click();
	await app.locator('.xapp-room-item', { hasText: 'History' }).click();
	const timeline = app.locator('[data-role="events"]');
	await expect(timeline).toContainText('Message number 30');
	expect(await timeline.locator('.xapp-message').count()).toBeLessThan(30);
	const history = app.locator('[data-role="history"]');
	while ((await history.getAttribute('data-state')) !== 'start') {
		await history.getByRole('button', { name: 'Load earlier messages' }).click();
		await expect(history).not.toHaveAttribute('data-state', 'loading');
	}

	await expect(history).toHaveText('This is the start of the room.');
	expect(pages.length).toBeGreaterThanOrEqual(3);
	expect(pages.slice(1).every((url) => new URL(url).searchParams.has('from'))).toBe(true);
	await expect(timeline.locator('li').first()).toContainText('created the room');
	const texts = await timeline.locator('.xapp-message .xapp-text').allTextContents();
	const numbers = texts.map((text) => Number(/Message number (\d+)/.exec(text)?.[1]));
	expect(numbers).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
});

test('hostile message bodies, names and topics render as inert text', async ({ browser }) => {
	const [host, guest] = await twoInARoom(browser, '<script>window.pwned = "room"</script>');
	const hostile = [
		'<img src=x onerror="window.pwned = \'img\'">',
		'<script>window.pwned = "script"</script>',
		'<a href="javascript:window.pwned = \'link\'">click me</a>',
		'[link](javascript:window.pwned="md") {{me.accessToken}}',
	];
	const roomId =
		(await guest.app
			.locator('.xapp-room-item[aria-current="true"]')
			.getAttribute('data-room-id')) ?? '';
	// Set straight on the sandbox: the guide has no step for display names or topics.
	const put = async (someone: Reader, path: string, body: unknown) => {
		const token = (await storedSecrets(someone.page))['me.accessToken'] ?? '';
		const answer = await fetch(`${servers().sandbox}/_matrix/client/v3${path}`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(answer.status, path).toBe(200);
	};
	await put(guest, `/profile/${encodeURIComponent(guest.userId)}/displayname`, {
		displayname: '<img src=x onerror="window.pwned = \'name\'">',
	});
	await put(host, `/rooms/${encodeURIComponent(roomId)}/state/m.room.topic`, {
		topic: '<img src=x onerror="window.pwned = \'topic\'"><b>bold</b>',
	});
	for (const text of hostile) await say(guest, text);

	for (const someone of [host, guest]) {
		const { app, page } = someone;
		await expect(someone.timeline).toContainText(hostile.at(-1) ?? '');
		await expect(app.locator('[data-role="room-sub"]')).toContainText('<b>bold</b>');
		await expect(someone.timeline).toContainText('is now called “<img src=x onerror=');
		await expect(app.locator('.xapp-room-item')).toContainText('<script>window.pwned');
		for (const text of hostile) await expect(someone.timeline).toContainText(text);
		await app.locator('[data-role="members-toggle"]').click();
		await expect(app.locator('[data-role="members"]')).toContainText('<img src=x');
		await app.locator('.xlog-raw').first().locator('summary').click();
		await expect(app.locator('.xlog-pre').first()).toBeVisible();

		expect(await app.locator('img, script, iframe, b, a[href^="javascript"]').count()).toBe(0);
		expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
		// The placeholder in a message is sent as written, never filled in.
		const token = (await storedSecrets(guest.page))['me.accessToken'] ?? '';
		await expect(someone.timeline).not.toContainText(token);
	}
});

test('hiding the page pauses the sync loop, and leaving it stops the loop', async ({ browser }) => {
	const [host, guest] = await twoInARoom(browser, 'Quiet');
	const syncs: string[] = [];
	const cancelled: string[] = [];
	// Requests seen starting and not yet over, with when they started; one already
	// in flight when the test began watching is not among them.
	const waiting = new Map<Request, number>();
	const isSync = (url: string) => new URL(url).pathname.endsWith('/sync');
	host.page.on('request', (request) => {
		if (!isSync(request.url())) return;
		syncs.push(request.url());
		waiting.set(request, Date.now());
	});
	host.page.on('requestfinished', (request) => waiting.delete(request));
	host.page.on('requestfailed', (request) => {
		if (waiting.delete(request)) cancelled.push(request.url());
	});
	const status = host.app.locator('[data-role="sync"]');
	// Our own message answers the long-poll in flight; the next one is watched, once it
	// has waited long enough to be sure nothing else answers it first.
	await say(host, 'Going quiet now.');
	await expect
		.poll(() => [...waiting.values()].filter((at) => Date.now() - at > 1000).length)
		.toBe(1);

	await setHidden(host.page, true);
	await expect(status).toHaveAttribute('data-state', 'paused');
	await expect.poll(() => cancelled.length).toBe(1);
	const whileHidden = syncs.length;
	await say(guest, 'Anyone there?');
	await host.page.waitForTimeout(1500);
	expect(syncs.length).toBe(whileHidden);
	await expect(host.timeline).not.toContainText('Anyone there?');

	await setHidden(host.page, false);
	await expect(host.timeline.getByText('Anyone there?')).toBeVisible({ timeout: 1000 });
	await expect(status).toHaveAttribute('data-state', 'live');
	expect(syncs.length).toBeGreaterThan(whileHidden);

	await host.page.goto(pageUrl('index'));
	const afterLeaving = syncs.length;
	await say(guest, 'Still there?');
	await host.page.waitForTimeout(1500);
	expect(syncs.length).toBe(afterLeaving);
});

// Headless Chromium keeps pages visible; the page's own view of it is overridden.
async function setHidden(page: Page, hidden: boolean): Promise<void> {
	await page.evaluate((hide) => {
		if (hide) {
			Object.defineProperty(document, 'visibilityState', {
				configurable: true,
				get: () => 'hidden',
			});
			Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
		} else {
			delete (document as { visibilityState?: unknown }).visibilityState;
			delete (document as { hidden?: unknown }).hidden;
		}
		document.dispatchEvent(new Event('visibilitychange'));
	}, hidden);
}

test('a failed send is retried with the same transaction ID and posted once', async ({
	browser,
}) => {
	const [host, guest] = await twoInARoom(browser, 'Flaky');
	const puts: string[] = [];
	await host.page.route('**/send/m.room.message/**', async (route) => {
		puts.push(route.request().url());
		if (puts.length === 1) await route.abort('connectionreset');
		else await route.continue();
	});

	await host.app.getByLabel('Message', { exact: true }).fill('Did this arrive?');
	await host.app.getByLabel('Message', { exact: true }).press('Enter');
	const pending = host.timeline.locator('[data-pending="failed"]');
	await expect(pending).toContainText('Not sent');
	await pending.getByRole('button', { name: 'Retry' }).click();

	await expect(host.timeline.locator('[data-pending]')).toHaveCount(0);
	await expect(guest.timeline.getByText('Did this arrive?')).toHaveCount(1);
	await expect(host.timeline.getByText('Did this arrive?')).toHaveCount(1);
	expect(puts).toHaveLength(2);
	const txnIds = puts.map((url) => decodeURIComponent(url.split('/').at(-1) ?? ''));
	expect(txnIds[0]).toMatch(/^mh-/);
	expect(txnIds[1]).toBe(txnIds[0]);

	await say(host, 'And a new message gets a new one.');
	expect(puts).toHaveLength(3);
	expect(decodeURIComponent(puts[2]?.split('/').at(-1) ?? '')).not.toBe(txnIds[0]);
});

test('sync errors back off, are shown, and clear when the server answers again', async ({
	browser,
}) => {
	const [host] = await twoInARoom(browser, 'Backoff');
	const failures: number[] = [];
	await host.page.route('**/sync?**', async (route) => {
		failures.push(Date.now());
		await route.fulfill({
			status: 502,
			contentType: 'application/json',
			body: JSON.stringify({ errcode: 'M_UNKNOWN', error: 'Bad gateway' }),
		});
	});
	const status = host.app.locator('[data-role="sync"]');
	// The long-poll in flight ends only when cut: hide and show the page to start a new one.
	await setHidden(host.page, true);
	await setHidden(host.page, false);

	await expect(status).toHaveAttribute('data-state', 'retrying');
	await expect(status).toContainText('Sync failed: The homeserver answered 502');
	await expect(status).toContainText('Trying again in');
	await host.page.waitForTimeout(3500);
	// 1 s, then about 2 s: three tries in 3.5 s at most, never a flood.
	expect(failures.length).toBeLessThanOrEqual(3);
	const gaps = failures.slice(1).map((at, index) => at - (failures[index] ?? at));
	expect(gaps.every((gap) => gap >= 700)).toBe(true);

	await host.page.unroute('**/sync?**');
	await host.app.getByRole('button', { name: 'Retry now' }).click();
	await expect(status).toHaveAttribute('data-state', 'live');
	const retry = host.app.locator('.xlog-entry[data-step="sync-since"]').first();
	await expect(retry.locator('.xlog-status')).toHaveText('200 OK');
});

test('the app fits a 400 px screen, one pane at a time, in light and dark', async ({
	browser,
}, testInfo) => {
	const [host, guest] = await twoInARoom(browser, 'Weekend plans');
	await say(guest, 'Shall we go hiking on Saturday if the weather holds up? I can drive.');
	await say(host, 'Yes! Bring the map, I will bring lunch.');
	const { app, page } = host;

	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		await page.setViewportSize({ width: 1400, height: 1000 });
		await expect(app.locator('.xapp-rooms')).toBeVisible();
		await snap(app, testInfo, `wide-${scheme}`);

		await page.setViewportSize({ width: 400, height: 860 });
		await expect(app.locator('[data-role="room-name"]')).toBeVisible();
		await expect(app.locator('.xapp-rooms')).toBeHidden();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth,
		);
		expect(overflow).toBe(0);
		await snap(app, testInfo, `narrow-room-${scheme}`);

		await app.getByRole('button', { name: '← Rooms' }).click();
		await expect(app.locator('.xapp-rooms')).toBeVisible();
		await expect(app.locator('.xapp-room')).toBeHidden();
		const row = app.locator('.xapp-room-item').first();
		await expect(row.locator('.xapp-unread')).toHaveCount(0);
		await say(guest, `Are you there? (${scheme})`);
		await expect(row.locator('.xapp-unread')).toHaveText('1');
		await snap(app, testInfo, `narrow-list-${scheme}`);
		await row.click();
		await expect(app.locator('.xapp-unread')).toHaveCount(0);
	}
});

async function snap(app: Locator, testInfo: import('@playwright/test').TestInfo, name: string) {
	const path = testInfo.outputPath(`${name}.png`);
	await app.screenshot({ path });
	await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('axe finds no violations in the running app, in light and dark', async ({ browser }) => {
	const [host, guest] = await twoInARoom(browser, 'Checked room');
	await say(guest, 'Is this readable?');
	await createRoom(guest, { name: 'Second room' });
	await invite(guest, host.userId);
	await expect(host.app.locator('.xapp-invite')).toContainText('Second room');
	await host.app.locator('.xlog-raw').first().locator('summary').click();

	for (const scheme of ['light', 'dark'] as const) {
		await host.page.emulateMedia({ colorScheme: scheme });
		expect(await axeViolations(host.page, 'matrix-example-app')).toEqual([]);
	}
});
