import { blockedPortOf, blockedPortSentence } from '../matrix/blocked-port.ts';
import type { NetworkError } from '../matrix/send-request.ts';
import { shorten } from '../matrix/shorten.ts';

const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
const privateRange = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

function isLocal(hostname: string): boolean {
	return loopback.test(hostname) || privateRange.test(hostname) || hostname.endsWith('.local');
}

/**
 * Says what a failed fetch usually means. Browsers hide the reason on purpose
 * (a refused connection and a missing CORS header look the same to a page),
 * so this names the likely causes and how to tell them apart.
 */
export function explainNetworkError(error: NetworkError, baseUrl: string): string {
	if (error.aborted) return 'Cancelled: the request was stopped before the homeserver answered.';
	const blocked = blockedPortOf(error.url);
	if (blocked !== null) {
		return `The browser refused to send this request: ${blockedPortSentence(blocked)}.`;
	}
	let target: URL;
	try {
		target = new URL(error.url);
	} catch {
		// Nothing was sent: fetch refuses an invalid URL before connecting.
		return `The browser could not send this request: "${shorten(error.url)}" is not a valid URL. Choose the homeserver again in the Homeserver field at the top of the page.`;
	}
	const curl = `curl -i '${target.origin}/_matrix/client/versions'`;
	if (location.protocol === 'https:' && target.protocol === 'http:') {
		return `The browser blocked this request: the page is served over https, but ${target.origin} is plain http (mixed content), which browsers refuse. Open the guide over http (npm start serves it that way), or give the homeserver an https address.`;
	}
	if (!isLocal(location.hostname) && isLocal(target.hostname)) {
		return `No answer from ${baseUrl}. This page is on the public web and the homeserver is on your own machine or network: browsers ask before letting a public page reach local addresses. If your browser showed a prompt to allow access to local devices, allow it and run the step again; if it blocked the request without asking, run the guide locally with npm start. To see whether the homeserver itself is up: ${curl}`;
	}
	return `No answer from ${baseUrl}. Either nothing is listening there (is the homeserver running? npm start starts the bundled sandbox and prints its address), or it answered without CORS headers, which the browser then hides from the page. To tell which, run ${curl} in a terminal: no answer there means the server is down; an answer without an Access-Control-Allow-Origin header means CORS.`;
}
