import type { PlacedExample } from './example.ts';
import { describeVariable } from './variable-labels.ts';
import { accountOf, derivedFrom, type Variables } from './variables.ts';

/** A link to the step that provides a value. */
export interface NeedLink {
	readonly href: string;
	readonly title: string;
	/** ` (page “…”)` when the step is on another page, else empty. */
	readonly where: string;
}

/** One missing value, in words, with where to get it. */
export interface Need {
	readonly name: string;
	/** The words before the links, e.g. "your access token, from the step ". */
	readonly lead: string;
	readonly links: readonly NeedLink[];
}

/** The link to an example's panel, wherever in the guide it is. */
export function exampleHref(example: PlacedExample, base: string): string {
	const page = example.page === 'index' ? '' : `guide/${example.page}/`;
	return `${base}${page}#${example.id}`;
}

// Every step that captures a value, login steps first once an account exists:
// then logging in, not registering again, is the way to a new token.
function providersOf(name: string, examples: readonly PlacedExample[], preferLogin: boolean) {
	const wanted = derivedFrom(name) ?? name;
	const found = examples.filter((example) =>
		example.captures.some((capture) => capture.variable === wanted),
	);
	const isLogin = (example: PlacedExample) => example.url.endsWith('/login');
	return preferLogin ? [...found.filter(isLogin), ...found.filter((e) => !isLogin(e))] : found;
}

function reasonFor(name: string, values: Variables): string {
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

/**
 * What a step lacks, in words, each with the steps that provide it. The same
 * words serve the page without JavaScript (a first visit) and the live panel.
 */
export function describeNeeds(
	missing: readonly string[],
	example: PlacedExample,
	examples: readonly PlacedExample[],
	values: Variables,
	base: string,
): Need[] {
	return missing.map((name) => {
		const label = describeVariable(name);
		const reason = reasonFor(name, values);
		const providers = providersOf(name, examples, reason !== '').slice(0, 2);
		if (providers.length === 0) {
			return { name, lead: `${label} (${name}), which you can set in the session bar`, links: [] };
		}
		return {
			name,
			lead:
				reason === ''
					? `${label}, from the step `
					: `${label}${reason}; get a new one from the step `,
			links: providers.map((provider) => ({
				href: exampleHref(provider, base),
				title: provider.title,
				where: provider.page === example.page ? '' : ` (page “${provider.pageTitle}”)`,
			})),
		};
	});
}
