import type { IncomingMessage, ServerResponse } from 'node:http';
import { silentLogger, type Logger } from '../node/logger.ts';
import { accessTokenOf, authenticate } from './auth.ts';
import type { RegistrationMode, SandboxContext } from './context.ts';
import { MatrixError } from './errors.ts';
import { createMemoryStore } from './memory-store.ts';
import { createNotifier, type Notifier } from './notifier.ts';
import { createRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.ts';
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
	/** Who may register; default `open`. */
	registration?: RegistrationMode;
	/** Required with `registration: 'token'`: what `m.login.registration_token` must carry. */
	registrationToken?: string;
	/** Limits the requests that change something (not GET, not OPTIONS); default none. */
	rateLimit?: RateLimit;
	/** Serve the retired `r0` paths and `POST .../send/{eventType}`; default false. */
	legacyPaths?: boolean;
}

/** A `node:http` request listener that serves the sandbox homeserver. */
export type SandboxHandler = (req: IncomingMessage, res: ServerResponse) => void;

type Router = ReturnType<typeof createRouter>;

const currentRouter = createRouter(routes.filter((route) => !route.legacy));
const legacyRouter = createRouter(routes);

/** What one handler keeps besides the endpoints' context. */
interface Serving {
	ctx: SandboxContext;
	route: Router;
	limiter: RateLimiter | undefined;
}

/** Checks the registration options together; a mistake is a clear error at start. */
export function checkRegistrationOptions(options: SandboxHandlerOptions): void {
	const mode = options.registration ?? 'open';
	if (!['open', 'token', 'closed'].includes(mode)) {
		throw new RangeError(`registration must be open, token or closed, not "${mode}".`);
	}
	if (mode === 'token' && !options.registrationToken) {
		throw new RangeError('registration "token" needs a non-empty registrationToken.');
	}
}

/** Builds the sandbox's request handler, to mount on any `node:http` server. */
export function createSandboxHandler(options: SandboxHandlerOptions = {}): SandboxHandler {
	checkRegistrationOptions(options);
	const now = options.now ?? Date.now;
	const ctx: SandboxContext = {
		store: options.store ?? createMemoryStore(),
		notifier: options.notifier ?? createNotifier(),
		serverName: options.serverName ?? 'localhost',
		logger: options.logger ?? silentLogger,
		registration: options.registration ?? 'open',
		registrationToken: options.registrationToken,
		legacyPaths: options.legacyPaths ?? false,
		now,
	};
	const serving: Serving = {
		ctx,
		route: ctx.legacyPaths ? legacyRouter : currentRouter,
		limiter: options.rateLimit ? createRateLimiter(options.rateLimit, now) : undefined,
	};
	return (req, res) => {
		void serve(serving, req, res);
	};
}

async function serve(serving: Serving, req: IncomingMessage, res: ServerResponse) {
	const { ctx } = serving;
	const started = performance.now();
	const method = req.method ?? 'GET';
	const { path, query } = splitTarget(req.url ?? '/');
	// Built only when something is logged: most requests never need it.
	const shown = () => `${method} ${loggablePath(path, query)}`;
	if (ctx.logger.level === 'debug') {
		const line = shown();
		ctx.logger.debug(`<-- ${line}`);
		res.on('finish', () => {
			const ms = Math.round(performance.now() - started);
			ctx.logger.debug(`--> ${line} ${res.statusCode} ${ms}ms`);
		});
	}

	// Aborted only when the client leaves before the answer, which ends a
	// long-poll; an abort makes a DOMException, too costly for every request.
	const aborter = new AbortController();
	res.on('close', () => {
		if (res.writableFinished) return;
		aborter.abort();
		const ms = Math.round(performance.now() - started);
		ctx.logger.debug(`-x- ${shown()} closed by the client after ${ms}ms`);
	});

	try {
		if (method === 'OPTIONS') {
			sendJson(res, 200, {});
			return;
		}
		const reply = await dispatch(serving, req, method, path, query, aborter.signal);
		sendJson(res, reply.status, reply.body);
	} catch (error) {
		answerError(ctx.logger, req, res, shown, error);
	}
}

const retiredPrefix = '/_matrix/client/r0/';

// Why a request matched nothing, in words that point the reader at today's API.
function notFoundError(ctx: SandboxContext, method: string, path: string): MatrixError {
	let hint = '';
	if (path.startsWith(retiredPrefix)) {
		hint =
			' The r0 API was retired in spec v1.1: use /_matrix/client/v3/ instead ' +
			'(this sandbox serves r0 only when started with legacy paths on).';
	} else if (method === 'POST' && /\/rooms\/[^/]+\/send\/[^/]+$/.test(path)) {
		hint = ctx.legacyPaths
			? ''
			: ' Send events with PUT .../send/{eventType}/{txnId}; the transaction ID ' +
				'makes a retried request safe.';
	}
	return new MatrixError(404, 'M_UNRECOGNIZED', `Unrecognized request: ${method} ${path}.${hint}`);
}

async function dispatch(
	serving: Serving,
	req: IncomingMessage,
	method: string,
	rawPath: string,
	query: URLSearchParams,
	signal: AbortSignal,
): Promise<Reply> {
	const { ctx } = serving;
	// The 2016 guide's paths are today's under another prefix.
	const path =
		ctx.legacyPaths && rawPath.startsWith(retiredPrefix)
			? `/_matrix/client/v3/${rawPath.slice(retiredPrefix.length)}`
			: rawPath;
	const match = serving.route(method, path);
	if (match.kind === 'not-found') throw notFoundError(ctx, method, rawPath);
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
	// Reads are never limited: a long-polling client would trip over its own syncs.
	if (serving.limiter && method !== 'GET') {
		serving.limiter.take(requester?.userId ?? `address ${req.socket.remoteAddress ?? ''}`);
	}
	const body =
		matched.body === 'none' ? {} : parseJsonBody(await readBodyBytes(req), matched.body !== 'json');

	const input: EndpointInput = {
		ctx,
		params,
		query,
		body,
		headers: req.headers,
		baseUrl: baseUrlOf(req),
		signal,
	};
	// One transaction per request, so a crash never leaves half of its writes.
	return ctx.store.transaction(() => {
		if (!matched.auth) return matched.handle(input);
		if (!requester) throw new Error('unreachable: authenticated route without requester');
		return matched.handle({ ...input, requester });
	});
}

function answerError(
	logger: Logger,
	req: IncomingMessage,
	res: ServerResponse,
	shown: () => string,
	error: unknown,
) {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	// The client hung up while sending its body: nothing to answer, nothing broken.
	// (Not req.destroyed: a fully read request is destroyed too, and must be answered.)
	if (
		!(error instanceof MatrixError) &&
		((error as { code?: string } | null)?.code === 'ECONNRESET' ||
			(error instanceof Error && error.message === 'aborted'))
	) {
		logger.debug(`-x- ${shown()} closed by the client while sending`);
		res.destroy();
		return;
	}
	if (error instanceof MatrixError) {
		if (error.status === 413) {
			// Stop reading the oversized body and close once the answer is out.
			res.setHeader('Connection', 'close');
			req.resume();
		}
		const headers: Record<string, string> = {};
		const retryMs = error.extra['retry_after_ms'];
		// Retry-After is in whole seconds; retry_after_ms in the body stays for older clients.
		if (typeof retryMs === 'number') headers['Retry-After'] = String(Math.ceil(retryMs / 1000));
		sendJson(res, error.status, error.toJSON(), headers);
		return;
	}
	const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
	logger.error(`${shown()} failed: ${detail}`);
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
	const { localAddress, localPort } = req.socket;
	// The Host header is the client's to choose; only a loopback name on the port
	// the sandbox listens on is echoed back, so .well-known never points elsewhere.
	const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::(\d{1,5}))?$/i.exec(host ?? '');
	if (
		host &&
		hostPattern.test(host) &&
		loopbackHost &&
		Number(loopbackHost[2] ?? 80) === localPort
	) {
		return `http://${host}`;
	}
	const address = localAddress?.includes(':') ? `[${localAddress}]` : (localAddress ?? '127.0.0.1');
	return `http://${address}:${localPort ?? 80}`;
}
