import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// The guide lives in content/guide/ (not src/) because the smoke CLI reads the
// same files: it is content first, site second.
const guide = defineCollection({
	loader: glob({ pattern: '*.mdx', base: './content/guide' }),
	schema: z.object({
		title: z.string(),
		description: z.string(),
		order: z.number().int(),
		/** Pages for operators and maintainers, listed apart from the guide itself. */
		appendix: z.boolean().default(false),
	}),
});

export const collections = { guide };
