import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { silentLogger, type Logger } from '../node/logger.ts';
import { createClientErrors } from './client-error.ts';
import type { RegistrationMode } from './context.ts';
import { checkRegistrationOptions, createSandboxHandler } from './handler.ts';
import { createMemoryStore } from './memory-store.ts';
import { createNotifier } from './notifier.ts';
import { checkRateLimit, type RateLimit } from './rate-limit.ts';
import { sendJson } from './respond.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { SandboxStore } from './store.ts';

export { createSandboxHandler } from './handler.ts';
export type { SandboxHandler, SandboxHandlerOptions } from './handler.ts';
export type { RegistrationMode } from './context.ts';
export type { RateLimit } from './rate-limit.ts';

/** Options of `startSandbox`. */
export interface SandboxOptions {
	/** Default `127.0.0.1`, so the sandbox is reachable from this machine only. */
	host?: string;
	/** Default 0: a free port. */
	port?: number;
	/** Default `localhost`; user IDs are `@name:serverName`. */
	serverName?: string;
	/** Default `silentLogger`. */
	logger?: Logger;
	/** Keep everything in SQLite in this folder, surviving restarts; default in memory. */
	dataDir?: string;
	/** Who may register: `open` (default), `token`, or `closed` (403). */
	registration?: RegistrationMode;
	/** The token `registration: 'token'` asks for; never logged. */
	registrationToken?: string;
	/** Limit requests that change something, per user (or per address before login). */
	rateLimit?: RateLimit;
	/** Also serve the retired `r0` paths and `POST .../send/{eventType}`; default false. */
	legacyPaths?: boolean;
}

/** A sandbox homeserver that is listening. */
export interface RunningSandbox {
	/** For example `http://127.0.0.1:40123`, with no trailing slash. */
	url: string;
	port: number;
	serverName: string;
	/** Ends waiting long-polls, closes all connections, resolves when closed. */
	close(): Promise<void>;
}

// How long close() lets answers to woken long-polls finish before it cuts connections.
const drainMs = 1000;

// The start line: what this sandbox is, and the choices that change its answers.
function describe(options: SandboxOptions, url: string, serverName: string): string {
	const storage = options.dataDir
		? `its data is kept in ${resolvePath(options.dataDir)}`
		: 'everything it holds is in memory and gone when it stops';
	const notes = [`registration ${options.registration ?? 'open'}`];
	if (options.rateLimit) {
		const { perSecond, burst } = options.rateLimit;
		notes.push(`rate limit ${perSecond}/s, burst ${burst}`);
	}
	if (options.legacyPaths) notes.push('legacy r0 paths on');
	return (
		`Matrix sandbox homeserver at ${url} (server name ${serverName}): ` +
		'a local sandbox for trying the Client-Server API, not a production server; ' +
		`${storage}. ${notes.join('; ')}.`
	);
}

const noHost = {
	errcode: 'M_UNRECOGNIZED',
	error:
		'This HTTP/1.1 request has no Host header, which HTTP/1.1 requires. Send one (every HTTP client and browser does).',
};

/** Starts the sandbox homeserver on `node:http`, in memory or on `dataDir`. */
export function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	const host = options.host ?? '127.0.0.1';
	const serverName = options.serverName ?? 'localhost';
	const logger = options.logger ?? silentLogger;
	let store: SandboxStore;
	try {
		// Bad options fail before the database is opened, so nothing is left locked.
		checkRegistrationOptions(options);
		if (options.rateLimit) checkRateLimit(options.rateLimit);
		store = options.dataDir ? createSqliteStore(options.dataDir) : createMemoryStore();
	} catch (error) {
		return Promise.reject(error);
	}
	const notifier = createNotifier();
	const handler = createSandboxHandler({
		serverName,
		logger,
		notifier,
		store,
		...(options.registration && { registration: options.registration }),
		...(options.registrationToken !== undefined && {
			registrationToken: options.registrationToken,
		}),
		...(options.rateLimit && { rateLimit: options.rateLimit }),
		...(options.legacyPaths !== undefined && { legacyPaths: options.legacyPaths }),
	});

	const inFlight = new Set<ServerResponse>();
	let drained: (() => void) | undefined;
	const clientErrors = createClientErrors();
	// Node's own Host check answers with an empty 400; the sandbox answers it itself.
	const server = createServer({ requireHostHeader: false }, (req, res) => {
		inFlight.add(res);
		clientErrors.track(req, res);
		res.on('close', () => {
			inFlight.delete(res);
			if (inFlight.size === 0) drained?.();
		});
		if (req.httpVersion === '1.1' && req.headers.host === undefined) {
			sendJson(res, 400, noHost);
			return;
		}
		// The absolute form (`GET http://host/path`), which HTTP/1.1 servers must take.
		if (/^[a-z][a-z0-9+.-]*:\/\//i.test(req.url ?? '')) {
			const target = URL.parse(req.url ?? '');
			if (target) req.url = `${target.pathname}${target.search}`;
		}
		handler(req, res);
	});
	server.on('clientError', clientErrors.answer);
	// Any Expect but 100-continue (which Node handles) would get Node's bare 417.
	server.on('checkExpectation', (req, res) => {
		sendJson(res, 417, {
			errcode: 'M_UNRECOGNIZED',
			error: `The sandbox does not support "Expect: ${String(req.headers.expect).slice(0, 100)}"; send the request without it.`,
		});
	});

	let closing: Promise<void> | undefined;
	const shutDown = async () => {
		notifier.shutdown();
		if (inFlight.size > 0) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, drainMs);
				drained = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}
		await new Promise<void>((resolve, reject) => {
			server.close((error) => (error ? reject(error) : resolve()));
			server.closeAllConnections();
		});
		store.close();
	};
	const close = () => (closing ??= shutDown());

	return new Promise((resolve, reject) => {
		server.once('error', (error) => {
			store.close();
			reject(error);
		});
		server.listen(options.port ?? 0, host, () => {
			server.removeAllListeners('error');
			const { port } = server.address() as AddressInfo;
			const shownHost = host.includes(':') ? `[${host}]` : host;
			const url = `http://${shownHost}:${port}`;
			logger.info(describe(options, url, serverName));
			resolve({ url, port, serverName, close });
		});
	});
}
