import type { ServerResponse } from 'node:http';

// The values the spec recommends for the Client-Server API ("Web Browser Clients"),
// so that a guide page on any origin can call the sandbox straight from the browser.
const corsHeaders: Readonly<Record<string, string>> = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
	'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization',
};

/** Puts the CORS headers on a response; call it before anything is written. */
export function setCorsHeaders(res: ServerResponse): void {
	for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
}
