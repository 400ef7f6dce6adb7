import type { PlacedExample } from '../../matrix/example.ts';
import { describeVariable } from '../../matrix/variable-labels.ts';
import { accountOf, derivedFrom } from '../../matrix/variables.ts';
import { el } from '../dom.ts';
import { exampleHref, type GuideContext } from '../guide-context.ts';

// Every step that captures a value, login steps first once an account exists:
// then logging in, not registering again, is the way to a new token.
function providersOf(name: string, context: GuideContext, preferLogin: boolean): PlacedExample[] {
	const wanted = derivedFrom(name) ?? name;
	const found = context.examples.filter((example) =>
		example.captures.some((capture) => capture.variable === wanted),
	);
	const isLogin = (example: PlacedExample) => example.url.endsWith('/login');
	return preferLogin ? [...found.filter(isLogin), ...found.filter((e) => !isLogin(e))] : found;
}

function stepLink(
	provider: PlacedExample,
	example: PlacedExample,
	context: GuideContext,
): Array<Node | string> {
	const where = provider.page === example.page ? '' : ` (page “${provider.pageTitle}”)`;
	return [el('a', { href: exampleHref(provider, context.base) }, provider.title), where];
}

function reasonFor(name: string, context: GuideContext): string {
	const values = context.store.values();
	const account = accountOf(name);
	if (account === null || !name.endsWith('.accessToken')) return '';
	const state = values[`${account}.tokenState`];
	if (state === 'expired') return ': the last one expired';
	if (state === 'logged-out') return ': the last one was logged out';
	if (values[`${account}.userId`] !== undefined) {
		return ': tokens stay in the tab where they were made (go back to it, or tick “Remember tokens on this device” there)';
	}
	return '';
}

/** "Not ready yet" and one line per missing value, each linking to where it comes from. */
export function needsList(
	missing: readonly string[],
	example: PlacedExample,
	context: GuideContext,
): Node[] {
	const items = missing.map((name) => {
		const label = describeVariable(name);
		const reason = reasonFor(name, context);
		const providers = providersOf(name, context, reason !== '').slice(0, 2);
		if (providers.length === 0) {
			return el('li', {}, `${label} (${name}), which you can set in the session bar.`);
		}
		const links = providers.flatMap((provider, index) => [
			index > 0 ? ' or ' : '',
			...stepLink(provider, example, context),
		]);
		const lead =
			reason === ''
				? `${label}, from the step `
				: `${label}${reason}; get a new one from the step `;
		return el('li', {}, lead, ...links, '.');
	});
	return [el('p', {}, 'Not ready yet: this step needs'), el('ul', {}, ...items)];
}
