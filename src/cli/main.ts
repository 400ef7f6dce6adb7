#!/usr/bin/env node
import { createLogger, type Logger } from '../node/logger.ts';
import { closedOutputStatus, watchOutput } from './closed-output.ts';
import { sandboxCommand, sandboxUsage } from './command-sandbox.ts';
import { smokeCommand, smokeUsage } from './command-smoke.ts';
import { startCommand, startUsage } from './command-start.ts';
import { takeVerbose, verboseFlag, wantsHelp } from './read-args.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: matrix-howto <command> [options]

Commands:
  start      build the guide, serve it and the sandbox homeserver
             --port N (guide, default 4321)  --sandbox-port N (default 8008)
             --no-build (serve the existing dist/); start --help for more
  sandbox    run only the sandbox homeserver
             --port N (default 8008)  --data DIR (default: in memory)
             --registration open|token|closed  and more: sandbox --help
  smoke      run the guide's examples against a homeserver, for CI
             <server name | base URL> or --sandbox; smoke --help for more

Add ${verboseFlag} before or after the command to log every request, e.g.
npm run smoke -- ${verboseFlag} --sandbox. Tokens and passwords are never shown.`;

type Command = (args: string[], logger: Logger, stop: AbortSignal) => Promise<void>;

// Each command with its help text: --help is answered here, once for all.
const commands: Record<string, { run: Command; usage: string }> = {
	start: { run: startCommand, usage: startUsage },
	sandbox: { run: sandboxCommand, usage: sandboxUsage },
	smoke: { run: smokeCommand, usage: smokeUsage },
};

const { verbose, rest: args } = takeVerbose(process.argv.slice(2));
const [command, ...rest] = args;
const logger = createLogger(verbose ? 'debug' : 'info');
const outputClosed = watchOutput();

try {
	const chosen =
		command !== undefined && Object.hasOwn(commands, command) ? commands[command] : undefined;
	if (chosen && wantsHelp(rest)) process.stdout.write(`${chosen.usage}\n`);
	else if (chosen) await chosen.run(rest, logger, outputClosed);
	else
		switch (command) {
			case 'help':
			case '--help':
			case '-h':
				process.stdout.write(`${usage}\n`);
				break;
			case undefined:
				throw new UsageError(`matrix-howto needs a command.\n\n${usage}`);
			default:
				throw new UsageError(
					command.startsWith('-')
						? `Unknown option ${command} for "matrix-howto"; options go after the command.\n\n${usage}`
						: `Unknown command "${command}".\n\n${usage}`,
				);
		}
} catch (error) {
	if (error instanceof UsageError) {
		logger.error(error.message);
		process.exitCode = 2;
	} else {
		logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exitCode = 1;
	}
}
// A command cut short by a reader that went away sets the status it knew by
// then, if any (a smoke run that had already failed a step sets 1).
if (outputClosed.aborted) process.exitCode ??= closedOutputStatus;
