const hostname =
	/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;

/**
 * Makes `http://Example.org:8008/` and `http://example.org:8008` one key, and
 * drops a pasted `/_matrix/...` tail. Returns null for anything that is not a
 * plain http(s) base URL, before any request is made to it.
 */
export function normalizeHomeserver(input: string): string | null {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	if (url.username !== '' || url.password !== '' || !hostname.test(url.hostname)) return null;
	const path = url.pathname.replace(/\/_matrix(\/.*)?$/, '').replace(/\/+$/, '');
	return `${url.origin}${path}`;
}
