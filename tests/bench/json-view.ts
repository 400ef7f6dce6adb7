// Prints how fast a 5 MB /sync answer becomes readable in a panel, and the
// longest main-thread task while it does, measured in Chromium.
// Run: npm run bench:json-view
import { chromium } from '@playwright/test';
import { build } from 'astro';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../src/node/static-server.ts';
import { startSandbox } from '../../src/sandbox/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runs = 5;

function syncBody(): string {
	const rooms: Record<string, unknown> = {};
	for (let index = 0; index < 2100; index++) {
		rooms[`!room${index}:localhost`] = {
			timeline: { events: [{ type: 'm.room.message', content: { body: 'x'.repeat(2400) } }] },
		};
	}
	return JSON.stringify({ next_batch: 's1', rooms: { join: rooms } });
}

await build({ root, logLevel: 'error' });
const sandbox = await startSandbox({ port: 0 });
const site = await startStaticServer({ root: `${root}dist`, port: 0 });
const executablePath =
	process.env['PLAYWRIGHT_CHROMIUM_EXECUTABLE'] ??
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({
	...(executablePath ? { executablePath } : {}),
	args: ['--disable-background-networking', '--disable-component-update'],
});
const body = syncBody();
const results: Array<{ readableMs: number; longestTaskMs: number }> = [];
let heartbeatSeesBusyLoop = false;
try {
	for (let run = 0; run < runs; run++) {
		const page = await browser.newPage();
		const home = `?homeserver=${encodeURIComponent(sandbox.url)}`;
		page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
		await page.goto(`${site.url}guide/accounts/${home}`);
		for (const id of ['register-start', 'register-finish']) {
			await page.locator(`#${id} [data-role="run"]`).click();
			await page.locator(`#${id} .run-status`).waitFor();
		}
		await page.goto(`${site.url}guide/getting-events/${home}`);
		await page.route('**/_matrix/client/v3/sync', (route) =>
			route.fulfill({
				status: 200,
				headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
				body,
			}),
		);
		await page.evaluate(() => {
			const state = window as unknown as { longest: number; shownAt: number };
			state.longest = 0;
			state.shownAt = 0;
			// A 5 ms heartbeat: the longest gap between beats is the longest the main
			// thread was busy (Long Tasks are not reported in headless Chromium).
			let last = performance.now();
			setInterval(() => {
				const now = performance.now();
				state.longest = Math.max(state.longest, now - last - 5);
				last = now;
			}, 5);
			new MutationObserver(() => {
				if (!state.shownAt && document.querySelector('#sync-initial .run-tree .jt-node')) {
					state.shownAt = performance.now();
				}
			}).observe(document.body, { childList: true, subtree: true });
		});
		if (run === 0) {
			// Calibration: a 120 ms busy loop must show up, or the figures mean nothing.
			await page.evaluate(() => {
				const until = performance.now() + 120;
				while (performance.now() < until);
			});
			await page.waitForTimeout(50);
			heartbeatSeesBusyLoop = await page.evaluate(
				() => (window as unknown as { longest: number }).longest >= 100,
			);
			await page.evaluate(() => {
				(window as unknown as { longest: number }).longest = 0;
			});
		}
		await page.locator('#sync-initial [data-role="run"]').click();
		await page.locator('#sync-initial .run-tree').waitFor();
		await page.waitForTimeout(300);
		const figures = await page.evaluate(() => {
			const state = window as unknown as { longest: number; shownAt: number };
			const sync = performance
				.getEntriesByType('resource')
				.filter((entry) => entry.name.includes('/sync'))
				.at(-1) as PerformanceResourceTiming | undefined;
			return { shownAt: state.shownAt, arrived: sync?.responseEnd ?? 0, longest: state.longest };
		});
		results.push({
			readableMs: Math.round(figures.shownAt - figures.arrived),
			longestTaskMs: Math.round(figures.longest),
		});
		await page.close();
	}
} finally {
	await browser.close();
	await Promise.all([site.close(), sandbox.close()]);
}
const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
process.stdout.write(
	`${JSON.stringify(
		{
			bodyBytes: body.length,
			runs,
			readableMsMedian: median(results.map((r) => r.readableMs)),
			readableMsWorst: Math.max(...results.map((r) => r.readableMs)),
			longestTaskMsMedian: median(results.map((r) => r.longestTaskMs)),
			longestTaskMsWorst: Math.max(...results.map((r) => r.longestTaskMs)),
			heartbeatSeesBusyLoop,
			targets: { readableMs: 300, longestTaskMs: 200 },
		},
		null,
		2,
	)}\n`,
);
