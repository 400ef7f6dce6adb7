import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../node/logger.ts';
import { createSandboxHandler } from './handler.ts';
import { createNotifier } from './notifier.ts';

export { createSandboxHandler } from './handler.ts';
export type { SandboxHandler, SandboxHandlerOptions } from './handler.ts';

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

/** Starts the in-memory sandbox homeserver on `node:http`. */
export function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	const host = options.host ?? '127.0.0.1';
	const serverName = options.serverName ?? 'localhost';
	const logger = options.logger ?? silentLogger;
	const notifier = createNotifier();
	const handler = createSandboxHandler({ serverName, logger, notifier });

	const inFlight = new Set<ServerResponse>();
	let drained: (() => void) | undefined;
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		inFlight.add(res);
		res.on('close', () => {
			inFlight.delete(res);
			if (inFlight.size === 0) drained?.();
		});
		handler(req, res);
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
	};
	const close = () => (closing ??= shutDown());

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			const { port } = server.address() as AddressInfo;
			const shownHost = host.includes(':') ? `[${host}]` : host;
			const url = `http://${shownHost}:${port}`;
			logger.info(
				`Matrix sandbox homeserver at ${url} (server name ${serverName}): ` +
					'a local sandbox ' +
					'for trying the Client-Server API, not a production server; ' +
					'everything it holds is in memory and gone when it stops.',
			);
			resolve({ url, port, serverName, close });
		});
	});
}
