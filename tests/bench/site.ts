// Prints, per guide page, what the browser fetches before the reader touches
// anything (gzip bytes) and Lighthouse's performance and accessibility scores,
// measured in headless Chromium against the built site and a local sandbox.
//
// Scores come from Lighthouse's own two presets, unchanged: its default (a
// mid-range phone on slow 4G, CPU slowed 4x) and its desktop preset. Each is
// the median of several runs, as Lighthouse advises, because one run can swing
// by a few hundredths on a busy machine.
// Run: npm run bench:site   (BENCH_SITE_RUNS=n for n runs per preset, default 3;
// BENCH_SITE_DETAIL=<slug> to print that page's weakest audits.)
import { build } from 'astro';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Config, type Flags, type Result } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadGuidePages } from '../../src/node/load-guide.ts';
import { pageWeight } from '../../src/node/page-weight.ts';
import { startStaticServer } from '../../src/node/static-server.ts';
import { startSandbox } from '../../src/sandbox/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${root}dist/`;
const runs = Math.max(1, Number(process.env['BENCH_SITE_RUNS'] ?? 3) || 3);
const presets: Record<string, Config | undefined> = { mobile: undefined, desktop: desktopConfig };
const metricIds = [
	'first-contentful-paint',
	'largest-contentful-paint',
	'total-blocking-time',
	'cumulative-layout-shift',
	'speed-index',
];

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

const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

// One preset, several runs: the run with the median performance score speaks for
// all of them, so its metrics match its score.
async function measure(url: string, config: Config | undefined, slug: string, preset: string) {
	const flags: Flags = {
		port: chrome.port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance', 'accessibility'],
	};
	const results: Result[] = [];
	for (let i = 0; i < runs; i++) {
		const result = await lighthouse(url, flags, config);
		if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
		if (result.lhr.runtimeError) {
			throw new Error(`Lighthouse could not measure ${url}: ${result.lhr.runtimeError.message}`);
		}
		results.push(result.lhr);
	}
	const performanceOf = (lhr: Result) => lhr.categories['performance']?.score ?? 0;
	const mid = median(results.map(performanceOf));
	const lhr = results.find((r) => performanceOf(r) === mid) ?? results[0]!;
	if (process.env['BENCH_SITE_DETAIL'] === slug) {
		for (const audit of Object.values(lhr.audits)) {
			if (audit.score !== null && audit.score < 0.9) {
				process.stderr.write(`${slug} ${preset} ${audit.id}: ${audit.displayValue ?? ''}\n`);
			}
		}
	}
	return {
		performance: mid,
		performanceRuns: results.map(performanceOf),
		accessibility: median(results.map((r) => r.categories['accessibility']?.score ?? 0)),
		metrics: Object.fromEntries(metricIds.map((id) => [id, lhr.audits[id]?.displayValue ?? null])),
	};
}

type Scores = Awaited<ReturnType<typeof measure>>;
interface Row {
	page: string;
	gzipBytes: { html: number; js: number; css: number };
	scores: Record<string, Scores>;
}
const rows: Row[] = [];
try {
	for (const page of (await loadGuidePages()).sort((a, b) => a.order - b.order)) {
		const path = page.slug === 'index' ? '' : `guide/${page.slug}/`;
		const weight = await pageWeight(dist, `${dist}${path}index.html`);
		const url = `${site.url}${path}?homeserver=${encodeURIComponent(sandbox.url)}`;
		const scores: Record<string, Scores> = {};
		for (const [preset, config] of Object.entries(presets)) {
			scores[preset] = await measure(url, config, page.slug, preset);
		}
		rows.push({
			page: page.slug,
			gzipBytes: { html: weight.html, js: weight.js, css: weight.css },
			scores,
		});
	}
} finally {
	chrome.kill();
	await Promise.all([site.close(), sandbox.close()]);
}

const worst = (key: 'performance' | 'accessibility') =>
	Math.min(...rows.flatMap((row) => Object.values(row.scores).map((scores) => scores[key])));
process.stdout.write(
	`${JSON.stringify(
		{
			targets: { jsGzipBytes: 30720, performance: 0.95, accessibility: 1 },
			runsPerPreset: runs,
			lowest: { performance: worst('performance'), accessibility: worst('accessibility') },
			pages: rows,
		},
		null,
		2,
	)}\n`,
);
