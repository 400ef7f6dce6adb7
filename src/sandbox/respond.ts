import type { ServerResponse } from 'node:http';
import { corsHeaders } from './cors.ts';

// The headers of every answer but its length, in one Map so that they are set in
// one call. CORS goes on every answer, errors included, or a browser hides the
// error body from the page.
const commonHeaders = new Map<string, string>([
	...Object.entries(corsHeaders),
	['Content-Type', 'application/json'],
	// The sandbox holds live tokens in memory; nothing it answers should be cached.
	['Cache-Control', 'no-cache, no-store, must-revalidate'],
]);

/** Writes `body` as the JSON response with `status`; every answer goes through here. */
export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.statusCode = status;
	// setHeaders, not writeHead: headers stay open to change until `end`.
	res.setHeaders(commonHeaders);
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.setHeader('Content-Length', Buffer.byteLength(text));
	res.end(text);
}
