// Query parameters that carry secrets: an access token sent the deprecated way, and
// the registration token that `/register/m.login.registration_token/validity` checks.
const secretParams = ['access_token', 'token'];

/**
 * The request target as it may be logged: the path, and the query without the
 * parameters that carry tokens, so no token ever reaches a log.
 */
export function loggablePath(path: string, query: URLSearchParams): string {
	const kept = new URLSearchParams();
	// Compared without case: `?ACCESS_TOKEN=` is not the spec's name, but it is still a token.
	for (const [name, value] of query) {
		if (!secretParams.includes(name.toLowerCase())) kept.append(name, value);
	}
	const search = kept.toString();
	return search ? `${path}?${search}` : path;
}

/** Splits `req.url` into its raw path and query by hand, so odd targets cannot throw. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
	const mark = target.indexOf('?');
	if (mark === -1) return { path: target, query: new URLSearchParams() };
	return { path: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) };
}
