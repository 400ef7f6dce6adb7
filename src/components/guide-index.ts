import { getCollection, type CollectionEntry } from 'astro:content';
import type { PlacedExample } from '../matrix/example.ts';
import { collectExamples } from '../matrix/guide.ts';

/** The guide's pages in reading order; `index` is the landing page. */
export async function guidePages(): Promise<CollectionEntry<'guide'>[]> {
	const pages = await getCollection('guide');
	return pages.sort((a, b) => a.data.order - b.data.order);
}

let examples: Promise<PlacedExample[]> | undefined;

/** Every runnable example of the guide, parsed once per build. */
export function guideExamples(): Promise<PlacedExample[]> {
	examples ??= guidePages().then((pages) =>
		collectExamples(
			pages.map((page) => ({
				slug: page.id,
				title: page.data.title,
				order: page.data.order,
				source: page.body ?? '',
			})),
		),
	);
	return examples;
}

/** A page's URL under the site's base path. */
export function pageHref(slug: string): string {
	const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
	return slug === 'index' ? base : `${base}guide/${slug}/`;
}
