import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../node/logger.ts';
import { startStaticServer } from '../node/static-server.ts';
import { startSandbox } from '../sandbox/server.ts';
import { explainStartError } from './command-sandbox.ts';
import { readArgs, verboseFlag } from './read-args.ts';
import { explainListenError, parsePort, UsageError } from './usage-error.ts';
import { waitForStop } from './wait-for-stop.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where `npm start` keeps the sandbox's accounts and rooms, so they survive a
 * restart; git ignores it, and `npm run sandbox:reset` empties it.
 */
export const startDataDir = `${projectRoot}.sandbox-data`;

/** The help text of `matrix-howto start`. */
export const startUsage = `Usage: matrix-howto start [options]

Builds the guide, then serves it and the sandbox homeserver on 127.0.0.1
until Ctrl-C. The sandbox keeps its accounts and rooms in .sandbox-data/;
npm run sandbox:reset clears them.

  --port N           the guide's port; default 4321
  --sandbox-port N   the sandbox homeserver's port; default 8008
  --no-build         serve the dist/ folder as it is, without building first
  ${verboseFlag}          log every request the sandbox answers
  --help             this text`;

/**
 * `matrix-howto start`: builds the guide, then serves it and the sandbox
 * homeserver on 127.0.0.1 until Ctrl-C, or until `stop` aborts because the
 * reader closed the output.
 */
export async function startCommand(
	args: string[],
	logger: Logger,
	stop: AbortSignal,
): Promise<void> {
	const { values } = readArgs(args, {
		command: 'matrix-howto start',
		options: {
			port: { type: 'string' },
			'sandbox-port': { type: 'string' },
			'no-build': { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	const host = '127.0.0.1';
	const sitePort = parsePort(values.port, 'port', 4321);
	const sandboxPort = parsePort(values['sandbox-port'], 'sandbox-port', 8008);

	if (values['no-build'] && !existsSync(`${projectRoot}dist/index.html`)) {
		throw new UsageError(
			'--no-build serves dist/ as it is, but there is no built guide there. ' +
				'Run npm run build first, or npm start without --no-build.',
		);
	}
	if (!values['no-build']) {
		// Built for this sandbox's port, the pages need no ?homeserver= to find it.
		if (sandboxPort !== 0)
			process.env['PUBLIC_DEFAULT_HOMESERVER'] ??= `http://localhost:${sandboxPort}`;
		logger.info('Building the guide…');
		const started = performance.now();
		const { build } = await import('astro');
		await build({ root: projectRoot, logLevel: 'warn' });
		logger.info(`Built in ${Math.round(performance.now() - started)} ms.`);
	}

	const sandbox = await startSandbox({
		host,
		port: sandboxPort,
		logger: logger.fork('sandbox'),
		dataDir: startDataDir,
	}).catch((error: unknown) => {
		throw explainStartError(error, host, sandboxPort, 'sandbox-port', startDataDir);
	});
	const site = await startStaticServer({
		root: `${projectRoot}dist`,
		host,
		port: sitePort,
		base: process.env['MATRIX_HOWTO_BASE'] ?? '/',
	}).catch(async (error: unknown) => {
		await sandbox.close();
		throw explainListenError(error, 'guide', host, sitePort, 'port');
	});

	// The pages default to http://localhost:8008; any other sandbox port is
	// handed to them in the link, so the printed URL just works.
	const homeserver = `http://localhost:${sandbox.port}`;
	const siteUrl = site.url.replace('127.0.0.1', 'localhost');
	const link =
		sandbox.port === 8008 ? siteUrl : `${siteUrl}?homeserver=${encodeURIComponent(homeserver)}`;
	logger.info(`Guide:      ${link}`);
	logger.info(`Homeserver: ${homeserver}  (the bundled sandbox, not for production)`);
	logger.info(
		'Its accounts and rooms are kept in .sandbox-data/; npm run sandbox:reset clears them.',
	);
	logger.info('Ctrl-C stops both.');
	await waitForStop(stop);
	await Promise.all([site.close(), sandbox.close()]);
	logger.info('Stopped the guide and the sandbox.');
}
