#!/usr/bin/env node
import { createLogger } from '../node/logger.ts';
import { sandboxCommand } from './command-sandbox.ts';
import { smokeCommand } from './command-smoke.ts';
import { startCommand } from './command-start.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: matrix-howto <command> [options]

Commands:
  start      build the guide, serve it and the sandbox homeserver
             --port N (guide, default 4321)  --sandbox-port N (default 8008)
             --no-build (serve the existing dist/)
  sandbox    run only the sandbox homeserver
             --port N (default 8008)  --data DIR (default: in memory)
             --registration open|token|closed  and more: sandbox --help
  smoke      run the guide's examples against a homeserver, for CI
             <server name | base URL> or --sandbox; smoke --help for more

Add --verbose before the command to log every request.`;

const args = process.argv.slice(2);
const verbose = args[0] === '--verbose';
if (verbose) args.shift();
const [command, ...rest] = args;
const logger = createLogger(verbose ? 'debug' : 'info');

try {
	switch (command) {
		case 'start':
			await startCommand(rest, logger);
			break;
		case 'sandbox':
			await sandboxCommand(rest, logger);
			break;
		case 'smoke':
			await smokeCommand(rest, logger);
			break;
		case undefined:
		case 'help':
		case '--help':
		case '-h':
			process.stdout.write(`${usage}\n`);
			break;
		default:
			throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
	}
} catch (error) {
	// parseArgs throws TypeErrors with a code for unknown or malformed options.
	const code = (error as { code?: string } | null)?.code ?? '';
	if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
		logger.error((error as Error).message);
		process.exitCode = 2;
	} else {
		logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exitCode = 1;
	}
}
