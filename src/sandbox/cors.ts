// The values the spec recommends for the Client-Server API ("Web Browser Clients"),
// so that a guide page on any origin can call the sandbox straight from the browser.
/** The CORS headers every answer carries; respond.ts puts them on. */
export const corsHeaders: Readonly<Record<string, string>> = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
	'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization',
};
