import type { NetworkError } from '../matrix/send-request.ts';

/**
 * Says what a failed fetch usually means. Browsers hide the reason on purpose
 * (a refused connection and a missing CORS header look the same), so this
 * names the likely causes and how to tell them apart.
 */
export function explainNetworkError(error: NetworkError, baseUrl: string): string {
	if (error.aborted) return 'Cancelled: the request was stopped before the homeserver answered.';
	const page = location.protocol;
	const target = new URL(error.url);
	if (page === 'https:' && target.protocol === 'http:') {
		return `The browser blocked this request: the page is served over https but ${target.origin} is plain http (mixed content). Serve the guide over http (npm start does), or give the homeserver an https URL.`;
	}
	return `No answer from ${baseUrl}. Either nothing is listening there (is the homeserver running? npm start runs the sandbox on http://localhost:8008), or the server answered without CORS headers, which browsers hide from pages. Try it with curl: curl -i '${target.origin}/_matrix/client/versions'`;
}
