import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlacedExample } from '../matrix/example.ts';
import { collectExamples, type GuidePage } from '../matrix/guide.ts';

/** Where the guide's pages live, relative to this project. */
export const guideFolder = fileURLToPath(new URL('../../content/guide/', import.meta.url));

// The pages' frontmatter is flat `key: value` lines; only title and order matter here.
function frontmatterField(source: string, field: string): string | undefined {
	const block = /^---\n([\s\S]*?)\n---/.exec(source.replace(/\r\n?/g, '\n'))?.[1] ?? '';
	const line = block.split('\n').find((item) => item.startsWith(`${field}:`));
	return line
		?.slice(field.length + 1)
		.trim()
		.replace(/^['"]|['"]$/g, '');
}

/** Reads every `.mdx` page of the guide folder. */
export async function loadGuidePages(folder: string = guideFolder): Promise<GuidePage[]> {
	const names = (await readdir(folder)).filter((name) => name.endsWith('.mdx'));
	return Promise.all(
		names.map(async (name) => {
			const source = await readFile(join(folder, name), 'utf8');
			const slug = basename(name, '.mdx');
			const order = Number(frontmatterField(source, 'order'));
			if (!Number.isFinite(order)) {
				throw new Error(`${join(folder, name)} has no numeric "order:" in its frontmatter.`);
			}
			return { slug, title: frontmatterField(source, 'title') ?? slug, order, source };
		}),
	);
}

/** The guide's examples in reading order, exactly as the pages define them. */
export async function loadGuideExamples(folder?: string): Promise<PlacedExample[]> {
	return collectExamples(await loadGuidePages(folder));
}
