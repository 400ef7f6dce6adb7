import { blockedPortOf } from '../matrix/blocked-port.ts';
import { normalizeHomeserver } from '../matrix/homeserver-url.ts';

/** The homeserver a page starts on, and a link's value that the picker has yet to read. */
export interface InitialHomeserver {
	readonly baseUrl: string;
	/**
	 * The page's `?homeserver=` when it is not a base URL the page can use as it
	 * is: a server name, a user ID, or a mistake the reader must be told of.
	 */
	readonly fromLink: string | null;
}

function usable(text: string): string | null {
	const baseUrl = normalizeHomeserver(text);
	return baseUrl !== null && blockedPortOf(baseUrl) === null ? baseUrl : null;
}

/**
 * The homeserver to start with: `?homeserver=` when it is a usable base URL,
 * then the last choice (`saved`), then the build default (`fallback`).
 */
export function initialHomeserver(
	search: string,
	saved: string | null,
	fallback: string,
): InitialHomeserver {
	const fromLink = new URLSearchParams(search).get('homeserver');
	const linked = fromLink === null ? null : usable(fromLink);
	if (linked !== null) return { baseUrl: linked, fromLink: null };
	const baseUrl = usable(saved ?? '') ?? normalizeHomeserver(fallback) ?? fallback;
	return { baseUrl, fromLink };
}
