import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What a page makes the browser fetch before the reader touches anything, gzip bytes. */
export interface PageWeight {
	readonly html: number;
	readonly js: number;
	readonly css: number;
	readonly jsFiles: readonly string[];
	readonly cssFiles: readonly string[];
}

const gzipSize = (data: Buffer) => gzipSync(data).length;

// Static imports of a built chunk; `import("…")` is left out on purpose: it
// loads only when used, like the code editor and the highlighter.
const staticImport = /(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

/** Sums the initial JS (following static imports), CSS and the HTML of one built page. */
export async function pageWeight(
	distRoot: string,
	htmlFile: string,
	base = '/',
): Promise<PageWeight> {
	const html = await readFile(htmlFile);
	const text = html.toString('utf8');
	const local = (href: string) =>
		join(distRoot, href.startsWith(base) ? href.slice(base.length) : href);
	const entries = [
		...text.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
		...text.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
	].map((match) => local(match[1] ?? ''));
	const classic = [...text.matchAll(/<script(?![^>]*type="module")[^>]*src="([^"]+)"/g)].map((m) =>
		local(m[1] ?? ''),
	);
	const cssFiles = [...text.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) =>
		local(m[1] ?? ''),
	);

	const seen = new Set<string>();
	const queue = [...entries];
	let js = 0;
	while (queue.length > 0) {
		const file = queue.shift() ?? '';
		if (seen.has(file)) continue;
		seen.add(file);
		const code = await readFile(file);
		js += gzipSize(code);
		for (const match of code.toString('utf8').matchAll(staticImport)) {
			queue.push(join(file, '..', match[1] ?? ''));
		}
	}
	for (const file of classic) {
		seen.add(file);
		js += gzipSize(await readFile(file));
	}
	let css = 0;
	for (const file of cssFiles) css += gzipSize(await readFile(file));
	// Inline styles travel inside the HTML, but they are CSS all the same.
	const inline = [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)]
		.map((m) => m[1] ?? '')
		.join('');
	if (inline !== '') css += gzipSize(Buffer.from(inline));
	return { html: gzipSize(html), js, css, jsFiles: [...seen], cssFiles };
}
