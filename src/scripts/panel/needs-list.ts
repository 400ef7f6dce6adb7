import type { PlacedExample } from '../../matrix/example.ts';
import { describeNeeds } from '../../matrix/needs.ts';
import { el } from '../dom.ts';
import type { GuideContext } from '../guide-context.ts';

/** "Not ready yet" and one line per missing value, each linking to where it comes from. */
export function needsList(
	missing: readonly string[],
	example: PlacedExample,
	context: GuideContext,
): Node[] {
	const needs = describeNeeds(
		missing,
		example,
		context.examples,
		context.store.values(),
		context.base,
	);
	const items = needs.map((need) =>
		el(
			'li',
			{},
			need.lead,
			...need.links.flatMap((link, index) => [
				index > 0 ? ' or ' : '',
				el('a', { href: link.href }, link.title),
				link.where,
			]),
			'.',
		),
	);
	return [el('p', {}, 'Not ready yet: this step needs'), el('ul', {}, ...items)];
}
