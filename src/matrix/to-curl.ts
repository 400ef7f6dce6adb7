import type { BuiltRequest } from './build-request.ts';

/** How `toCurl` writes the request. */
export interface CurlOptions {
	/**
	 * `value` (the default) puts the access token itself in the command; `env` writes
	 * `$ACCESS_TOKEN` instead, for commands pasted into docs and chats.
	 */
	readonly tokenAs?: 'value' | 'env';
}

/** The shell variable the `env` form reads the token from. */
export const accessTokenVariable = 'ACCESS_TOKEN';

/** Quotes one word for a POSIX shell: inside single quotes nothing is special but `'`. */
export function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

function authorizationWord(name: string, value: string, tokenAs: 'value' | 'env'): string {
	if (tokenAs === 'value') return shellQuote(`${name}: ${value}`);
	const scheme = /^Bearer +/i.exec(value)?.[0] ?? '';
	// Double quotes, so the shell expands the variable; the name and scheme around it
	// are letters and spaces, which mean nothing there.
	return `"${name}: ${scheme}$${accessTokenVariable}"`;
}

/**
 * A curl command that sends exactly `request`: one option per line, every value
 * quoted for a POSIX shell, and a GET query as `-G --data-urlencode` with the
 * values readable, so a filter can be read and edited in the command.
 */
export function toCurl(request: BuiltRequest, options: CurlOptions = {}): string {
	const tokenAs = options.tokenAs ?? 'value';
	const method = request.method.toUpperCase();
	const queryAt = request.url.indexOf('?');
	// curl -G turns data into the query, so it only fits a GET that has no body.
	const splitQuery = method === 'GET' && request.body === null && queryAt >= 0;
	const url = splitQuery ? request.url.slice(0, queryAt) : request.url;

	// What curl does without -X: GET, POST when there is data, GET again with -G.
	const implied = request.body === null ? 'GET' : 'POST';
	const words = [method === implied ? 'curl' : `curl -X ${method}`];
	words[0] += ` ${shellQuote(url)}`;
	if (splitQuery) {
		words.push('-G');
		// The encoded URL decodes exactly: every value in it went through encodeURIComponent.
		for (const [name, value] of new URL(request.url).searchParams) {
			// curl encodes only what follows the `=`; the name must arrive encoded.
			words.push(`--data-urlencode ${shellQuote(`${encodeURIComponent(name)}=${value}`)}`);
		}
	}
	for (const [name, value] of Object.entries(request.headers)) {
		const word =
			name.toLowerCase() === 'authorization'
				? authorizationWord(name, value, tokenAs)
				: shellQuote(`${name}: ${value}`);
		words.push(`-H ${word}`);
	}
	if (request.body !== null) words.push(`--data-raw ${shellQuote(request.body)}`);
	return words.join(' \\\n  ');
}
