import type { ServerResponse } from 'node:http';

/** Writes `body` as the JSON response with `status`; every answer goes through here. */
export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.statusCode = status;
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.setHeader('Content-Type', 'application/json');
	res.setHeader('Content-Length', Buffer.byteLength(text));
	// The sandbox holds live tokens in memory; nothing it answers should be cached.
	res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
	res.end(text);
}
