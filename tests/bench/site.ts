// Prints, per guide page, what the browser fetches before the reader touches
// anything (gzip bytes) and Lighthouse's performance and accessibility scores,
// measured in headless Chromium against the built site and a local sandbox.
// Run: npm run bench:site
import { build } from 'astro';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadGuidePages } from '../../src/node/load-guide.ts';
import { pageWeight } from '../../src/node/page-weight.ts';
import { startStaticServer } from '../../src/node/static-server.ts';
import { startSandbox } from '../../src/sandbox/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${root}dist/`;

await build({ root, logLevel: 'error' });
const sandbox = await startSandbox({ port: 0 });
const site = await startStaticServer({ root: dist, port: 0 });
const chromePath =
	process.env['PLAYWRIGHT_CHROMIUM_EXECUTABLE'] ??
	process.env['CHROME_PATH'] ??
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const chrome = await chromeLauncher.launch({
	...(chromePath ? { chromePath } : {}),
	chromeFlags: [
		'--headless=new',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		// Lighthouse and the page reach only 127.0.0.1; no name is ever resolved.
		'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
	],
});

const rows = [];
try {
	for (const page of (await loadGuidePages()).sort((a, b) => a.order - b.order)) {
		const path = page.slug === 'index' ? '' : `guide/${page.slug}/`;
		const weight = await pageWeight(dist, `${dist}${path}index.html`);
		const url = `${site.url}${path}?homeserver=${encodeURIComponent(sandbox.url)}`;
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance', 'accessibility'],
			formFactor: 'desktop',
			screenEmulation: {
				mobile: false,
				width: 1350,
				height: 940,
				deviceScaleFactor: 1,
				disabled: false,
			},
			throttlingMethod: 'simulate',
		});
		const categories = result?.lhr.categories;
		// BENCH_SITE_DETAIL=<slug> prints that page's failing audits, to see what costs.
		if (process.env['BENCH_SITE_DETAIL'] === page.slug && result) {
			for (const audit of Object.values(result.lhr.audits)) {
				if (audit.score !== null && audit.score < 0.9) {
					process.stderr.write(`${audit.id}: ${audit.displayValue ?? ''} ${JSON.stringify(audit.details?.type === 'table' || audit.details?.type === 'opportunity' ? (audit.details as { items?: unknown[] }).items?.slice(0, 5) : '')}\n`);
				}
			}
		}
		rows.push({
			page: page.slug,
			gzipBytes: { html: weight.html, js: weight.js, css: weight.css },
			performance: categories?.['performance']?.score ?? null,
			accessibility: categories?.['accessibility']?.score ?? null,
			metrics: Object.fromEntries(
				[
					'first-contentful-paint',
					'largest-contentful-paint',
					'total-blocking-time',
					'cumulative-layout-shift',
					'speed-index',
				].map((id) => [id, result?.lhr.audits[id]?.displayValue ?? null]),
			),
		});
	}
} finally {
	await chrome.kill();
	await Promise.all([site.close(), sandbox.close()]);
}
process.stdout.write(
	`${JSON.stringify({ targets: { jsGzipBytes: 30720, performance: 0.95, accessibility: 1 }, pages: rows }, null, 2)}\n`,
);
