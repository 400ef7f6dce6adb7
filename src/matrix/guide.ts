import type { Example, PlacedExample } from './example.ts';
import { extractHttpBlocks } from './guide-blocks.ts';
import { parseExample } from './parse-example.ts';
import { derivedFrom, resolveVariable, type Variables } from './variables.ts';

/** One guide page as its loader sees it: slug, title, order and raw MDX. */
export interface GuidePage {
	readonly slug: string;
	readonly title: string;
	readonly order: number;
	readonly source: string;
}

/** Every example of the guide, in reading order, each knowing its page. */
export function collectExamples(pages: readonly GuidePage[]): PlacedExample[] {
	const sorted = [...pages].sort((a, b) => a.order - b.order);
	const examples: PlacedExample[] = [];
	const seen = new Set<string>();
	for (const page of sorted) {
		for (const block of extractHttpBlocks(page.source)) {
			let example: Example;
			try {
				example = parseExample(block);
			} catch (error) {
				const reason = error instanceof Error ? error.message : String(error);
				throw new Error(`In guide page "${page.slug}": ${reason}`, { cause: error });
			}
			if (seen.has(example.id)) {
				throw new Error(`Two examples are named "${example.id}"; names must be unique.`);
			}
			seen.add(example.id);
			examples.push({ ...example, page: page.slug, pageTitle: page.title });
		}
	}
	return examples;
}

/** For each variable, the first example that captures it: where a reader gets it. */
export function providers(examples: readonly PlacedExample[]): Map<string, PlacedExample> {
	const found = new Map<string, PlacedExample>();
	for (const example of examples) {
		for (const capture of example.captures) {
			if (!found.has(capture.variable)) found.set(capture.variable, example);
		}
	}
	return found;
}

/** The example that provides a name, following derivations like `me.serverName`. */
export function providerOf(
	name: string,
	byVariable: ReadonlyMap<string, PlacedExample>,
): PlacedExample | undefined {
	return byVariable.get(name) ?? byVariable.get(derivedFrom(name) ?? '');
}

/** Default values still unset, generated once; returns only the new ones. */
export function missingDefaults(
	examples: readonly Example[],
	values: Variables,
	fill: (template: string) => string,
): Record<string, string> {
	const added: Record<string, string> = {};
	for (const example of examples) {
		for (const item of example.defaults) {
			if (resolveVariable(item.variable, { ...values, ...added }) !== undefined) continue;
			added[item.variable] = fill(item.template);
		}
	}
	return added;
}
