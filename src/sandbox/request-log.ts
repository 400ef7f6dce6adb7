/**
 * The request target as it may be logged: the path, and the query without
 * `access_token`, so a token sent the deprecated way never reaches a log.
 */
export function loggablePath(path: string, query: URLSearchParams): string {
	const kept = new URLSearchParams();
	for (const [name, value] of query) if (name !== 'access_token') kept.append(name, value);
	const search = kept.toString();
	return search ? `${path}?${search}` : path;
}

/** Splits `req.url` into its raw path and query by hand, so odd targets cannot throw. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
	const mark = target.indexOf('?');
	if (mark === -1) return { path: target, query: new URLSearchParams() };
	return { path: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) };
}
