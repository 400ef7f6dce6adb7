import type { PlacedExample } from '../../matrix/example.ts';
import { providerOf } from '../../matrix/guide.ts';
import { describeVariable } from '../../matrix/variable-labels.ts';
import { accountOf } from '../../matrix/variables.ts';
import { el } from '../dom.ts';
import { exampleHref, type GuideContext } from '../guide-context.ts';

// After a token expired, logging in is the way back, not registering again.
function loginStep(name: string, context: GuideContext): PlacedExample | undefined {
	return context.examples.find(
		(example) =>
			example.url.endsWith('/login') &&
			example.method === 'POST' &&
			example.captures.some((capture) => capture.variable === name),
	);
}

/** "Not ready yet" and one line per missing value, each linking to where it comes from. */
export function needsList(missing: readonly string[], example: PlacedExample, context: GuideContext): Node[] {
	const values = context.store.values();
	const items = missing.map((name) => {
		const label = describeVariable(name);
		const account = accountOf(name);
		const expired = account !== null && name.endsWith('.accessToken') && values[`${account}.tokenState`] === 'expired';
		const provider = (expired ? loginStep(name, context) : undefined) ?? providerOf(name, context.providers);
		if (!provider) return el('li', {}, `${label} (${name}), which you can set in the session bar.`);
		return el(
			'li',
			{},
			expired ? `${label}: the last one expired; get a new one from the step ` : `${label}, from the step `,
			el('a', { href: exampleHref(provider, context.base) }, provider.title),
			provider.page === example.page ? '.' : ` (page “${provider.pageTitle}”).`,
		);
	});
	return [el('p', {}, 'Not ready yet: this step needs'), el('ul', {}, ...items)];
}
