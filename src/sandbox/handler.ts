import type { IncomingMessage, ServerResponse } from 'node:http';
import { silentLogger, type Logger } from '../node/logger.ts';
import { accessTokenOf, authenticate } from './auth.ts';
import type { SandboxContext } from './context.ts';
import { setCorsHeaders } from './cors.ts';
import { MatrixError } from './errors.ts';
import { createMemoryStore } from './memory-store.ts';
import { createNotifier, type Notifier } from './notifier.ts';
import { parseJsonBody, readBodyBytes } from './read-body.ts';
import { loggablePath, splitTarget } from './request-log.ts';
import { sendJson } from './respond.ts';
import { createRouter, type EndpointInput, type Reply } from './router.ts';
import { routes } from './routes.ts';
import type { SandboxStore } from './store.ts';

/** Options of `createSandboxHandler`. */
export interface SandboxHandlerOptions {
	/** The part after the colon in IDs; default `localhost`. */
	serverName?: string;
	/** Default `silentLogger`. */
	logger?: Logger;
	/** Where state lives; default a fresh in-memory store. */
	store?: SandboxStore;
	/** Default a fresh notifier; `startSandbox` passes its own to end long-polls on close. */
	notifier?: Notifier;
	/** The clock; tests may pass a fake one. */
	now?: () => number;
}

/** A `node:http` request listener that serves the sandbox homeserver. */
export type SandboxHandler = (req: IncomingMessage, res: ServerResponse) => void;

const route = createRouter(routes);

/** Builds the sandbox's request handler, to mount on any `node:http` server. */
export function createSandboxHandler(options: SandboxHandlerOptions = {}): SandboxHandler {
	const ctx: SandboxContext = {
		store: options.store ?? createMemoryStore(),
		notifier: options.notifier ?? createNotifier(),
		serverName: options.serverName ?? 'localhost',
		logger: options.logger ?? silentLogger,
		now: options.now ?? Date.now,
	};
	return (req, res) => {
		void serve(ctx, req, res);
	};
}

async function serve(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
	const started = performance.now();
	const method = req.method ?? 'GET';
	const { path, query } = splitTarget(req.url ?? '/');
	const shown = `${method} ${loggablePath(path, query)}`;
	ctx.logger.debug(`<-- ${shown}`);
	res.on('finish', () => {
		const ms = Math.round(performance.now() - started);
		ctx.logger.debug(`--> ${shown} ${res.statusCode} ${ms}ms`);
	});

	const aborter = new AbortController();
	res.on('close', () => {
		aborter.abort();
		if (res.writableFinished) return;
		const ms = Math.round(performance.now() - started);
		ctx.logger.debug(`-x- ${shown} closed by the client after ${ms}ms`);
	});

	// CORS headers go on every answer, errors included, or a browser hides the
	// error body from the page.
	setCorsHeaders(res);
	try {
		if (method === 'OPTIONS') {
			sendJson(res, 200, {});
			return;
		}
		const reply = await dispatch(ctx, req, method, path, query, aborter.signal);
		sendJson(res, reply.status, reply.body);
	} catch (error) {
		answerError(ctx.logger, req, res, shown, error);
	}
}

async function dispatch(
	ctx: SandboxContext,
	req: IncomingMessage,
	method: string,
	path: string,
	query: URLSearchParams,
	signal: AbortSignal,
): Promise<Reply> {
	const match = route(method, path);
	if (match.kind === 'not-found') {
		throw new MatrixError(404, 'M_UNRECOGNIZED', `Unrecognized request: ${method} ${path}`);
	}
	if (match.kind === 'method-not-allowed') {
		throw new MatrixError(
			405,
			'M_UNRECOGNIZED',
			`${path} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`,
		);
	}

	const queryToken = query.get('access_token');
	query.delete('access_token');
	const { route: matched, params } = match;
	const requester = matched.auth
		? authenticate(ctx, accessTokenOf(req.headers, queryToken))
		: undefined;
	const body =
		matched.body === 'none'
			? {}
			: parseJsonBody(await readBodyBytes(req), matched.body !== 'json');

	const input: EndpointInput = {
		ctx,
		params,
		query,
		body,
		headers: req.headers,
		baseUrl: baseUrlOf(req),
		signal,
	};
	if (matched.auth) {
		if (!requester) throw new Error('unreachable: authenticated route without requester');
		return matched.handle({ ...input, requester });
	}
	return matched.handle(input);
}

function answerError(
	logger: Logger,
	req: IncomingMessage,
	res: ServerResponse,
	shown: string,
	error: unknown,
) {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	if (error instanceof MatrixError) {
		if (error.status === 413) {
			// Stop reading the oversized body and close once the answer is out.
			res.setHeader('Connection', 'close');
			req.resume();
		}
		sendJson(res, error.status, error.toJSON());
		return;
	}
	const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
	logger.error(`${shown} failed: ${detail}`);
	sendJson(res, 500, {
		errcode: 'M_UNKNOWN',
		error: 'Internal error in the sandbox homeserver.',
	});
}

const hostPattern = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

// The base URL the client used, for `.well-known`; a missing or odd Host header
// falls back to the address the connection arrived on.
function baseUrlOf(req: IncomingMessage): string {
	const host = req.headers.host;
	if (host && hostPattern.test(host)) return `http://${host}`;
	const { localAddress, localPort } = req.socket;
	const address = localAddress?.includes(':')
		? `[${localAddress}]`
		: (localAddress ?? '127.0.0.1');
	return `http://${address}:${localPort ?? 80}`;
}
