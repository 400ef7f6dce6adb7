import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where it exists (CI cannot download browsers); otherwise
// Playwright's own. PLAYWRIGHT_CHROMIUM_EXECUTABLE overrides both.
const executablePath =
	process.env['PLAYWRIGHT_CHROMIUM_EXECUTABLE'] ??
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 90_000,
	expect: { timeout: 10_000 },
	reporter: process.env['CI'] ? [['list']] : [['list']],
	use: {
		browserName: 'chromium',
		launchOptions: {
			...(executablePath ? { executablePath } : {}),
			// Keep Chromium from calling out to Google's services; this machine's network is closed.
			args: [
				// No name is ever resolved: tests reach only 127.0.0.1 and page.route answers.
				'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic',
			],
		},
		trace: 'off',
	},
});
