import type { IncomingHttpHeaders } from 'node:http';
import type { Requester, SandboxContext } from './context.ts';
import { invalidParam } from './errors.ts';
import type { JsonObject } from './json.ts';

/** The HTTP methods endpoints are defined for; OPTIONS is answered before routing. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What an endpoint receives. */
export interface EndpointInput {
	ctx: SandboxContext;
	/** Path parameters, already percent-decoded. */
	params: Readonly<Record<string, string>>;
	/** The query string without `access_token`. */
	query: URLSearchParams;
	/** The parsed JSON body; `{}` for routes that read none. */
	body: JsonObject;
	headers: IncomingHttpHeaders;
	/** The sandbox's base URL as the client reached it, e.g. `http://127.0.0.1:8008`. */
	baseUrl: string;
	/** Aborts when the client goes away, so long-polls can stop waiting. */
	signal: AbortSignal;
}

/** What an endpoint that requires an access token receives. */
export interface AuthedInput extends EndpointInput {
	requester: Requester;
}

/** An endpoint's answer: a status and a JSON body. */
export interface Reply {
	status: number;
	body: unknown;
}

/** A 200 reply. */
export const ok = (body: unknown): Reply => ({ status: 200, body });

type Result = Reply | Promise<Reply>;

/** How a route reads its body: not at all, as JSON, or as JSON where empty means `{}`. */
export type BodyMode = 'none' | 'json' | 'json-or-empty';

interface RouteBase {
	method: Method;
	/** Path pattern; `:name` segments are parameters, e.g. `/rooms/:roomId/join`. */
	path: string;
	body: BodyMode;
	/** Served only when the sandbox runs with `legacyPaths` (2016-guide requests). */
	legacy?: boolean;
}

/** One endpoint, with or without authentication. */
export type Route =
	| (RouteBase & { auth: true; handle: (input: AuthedInput) => Result })
	| (RouteBase & { auth: false; handle: (input: EndpointInput) => Result });

/** The outcome of routing: a match, a known path with the wrong method, or nothing. */
export type RouteMatch =
	| { kind: 'match'; route: Route; params: Record<string, string> }
	| { kind: 'method-not-allowed'; allowed: Method[] }
	| { kind: 'not-found' };

interface CompiledRoute {
	route: Route;
	segments: string[];
}

/** Splits a raw path into percent-decoded segments; bad encoding is 400, never a crash. */
export function decodePath(rawPath: string): string[] {
	return rawPath.split('/').map((segment) => {
		try {
			return decodeURIComponent(segment);
		} catch {
			throw invalidParam(`The path segment "${segment}" is not valid percent-encoding.`);
		}
	});
}

/** Builds a matcher over a list of routes. */
export function createRouter(
	routes: readonly Route[],
): (method: string, rawPath: string) => RouteMatch {
	const compiled: CompiledRoute[] = routes.map((route) => ({
		route,
		segments: route.path.split('/'),
	}));

	return (method, rawPath) => {
		const segments = decodePath(rawPath);
		const allowed: Method[] = [];
		for (const { route, segments: pattern } of compiled) {
			const params = matchSegments(pattern, segments);
			if (!params) continue;
			if (route.method === method) return { kind: 'match', route, params };
			allowed.push(route.method);
		}
		return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
	};
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
	if (pattern.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const expected = pattern[i] ?? '';
		const actual = segments[i] ?? '';
		if (expected.startsWith(':')) params[expected.slice(1)] = actual;
		else if (expected !== actual) return undefined;
	}
	return params;
}
