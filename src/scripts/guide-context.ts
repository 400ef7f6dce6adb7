import type { PlacedExample } from '../matrix/example.ts';
import { providers } from '../matrix/guide.ts';
import { initialHomeserver } from './initial-homeserver.ts';
import { SessionStore } from './session-store.ts';
import { homeserverKey } from './storage-keys.ts';

/** What every panel and the session bar share on a page. */
export interface GuideContext {
	readonly examples: readonly PlacedExample[];
	readonly byId: ReadonlyMap<string, PlacedExample>;
	readonly providers: ReadonlyMap<string, PlacedExample>;
	/** The site's base path, ending in `/`. */
	readonly base: string;
	readonly store: SessionStore;
	/** A `?homeserver=` that is not a usable base URL, for the picker to read; else null. */
	readonly fromLink: string | null;
}

/** The id of the JSON script the layout writes the guide's examples into. */
export const manifestElementId = 'matrix-howto-guide';

interface Manifest {
	/** Without `source`, which the layout leaves out and nothing here reads. */
	examples: PlacedExample[];
	base: string;
	defaultHomeserver: string;
}

let context: GuideContext | undefined;

/** Reads the page's manifest once and opens the session for the chosen homeserver. */
export function guideContext(): GuideContext {
	if (context) return context;
	const element = document.getElementById(manifestElementId);
	const manifest = JSON.parse(element?.textContent ?? '{}') as Partial<Manifest>;
	const examples = manifest.examples ?? [];
	let saved: string | null = null;
	try {
		saved = localStorage.getItem(homeserverKey);
	} catch {
		// Blocked storage: nothing was saved.
	}
	const { baseUrl, fromLink } = initialHomeserver(
		location.search,
		saved,
		manifest.defaultHomeserver ?? 'http://localhost:8008',
	);
	try {
		localStorage.setItem(homeserverKey, baseUrl);
	} catch {
		// Blocked storage: the choice lasts for this page only.
	}
	context = {
		examples,
		byId: new Map(examples.map((example) => [example.id, example])),
		providers: providers(examples),
		base: manifest.base ?? '/',
		store: new SessionStore(baseUrl, examples),
		fromLink,
	};
	return context;
}

export { exampleHref } from '../matrix/needs.ts';
