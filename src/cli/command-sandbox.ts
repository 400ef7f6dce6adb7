import { parseArgs } from 'node:util';
import type { Logger } from '../node/logger.ts';
import { startSandbox } from '../sandbox/server.ts';
import { explainListenError, parsePort } from './usage-error.ts';
import { waitForStop } from './wait-for-stop.ts';

/** `matrix-howto sandbox`: runs the bundled homeserver until Ctrl-C. */
export async function sandboxCommand(args: string[], logger: Logger): Promise<void> {
	const { values } = parseArgs({
		args,
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			'server-name': { type: 'string' },
		},
		strict: true,
	});
	const host = values.host ?? '127.0.0.1';
	const port = parsePort(values.port, 'port', 8008);
	const sandbox = await startSandbox({
		host,
		port,
		serverName: values['server-name'] ?? 'localhost',
		logger: logger.fork('sandbox'),
	}).catch((error: unknown) => {
		throw explainListenError(error, 'sandbox homeserver', host, port, 'port');
	});
	logger.info(`Homeserver: ${sandbox.url}  (Ctrl-C stops it)`);
	await waitForStop();
	await sandbox.close();
}
