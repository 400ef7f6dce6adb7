import { isServerName } from '../matrix/well-known.ts';
import type { Logger } from '../node/logger.ts';
import { resetDataDir } from '../sandbox/reset-data-dir.ts';
import { DataDirInUseError } from '../sandbox/sqlite-store.ts';
import { startSandbox, type RateLimit, type RegistrationMode } from '../sandbox/server.ts';
import { readArgs, verboseFlag } from './read-args.ts';
import { explainListenError, parsePort, UsageError } from './usage-error.ts';
import { waitForStop } from './wait-for-stop.ts';

/** The environment variable that can carry the registration token, out of shell history. */
export const registrationTokenEnv = 'MATRIX_HOWTO_REGISTRATION_TOKEN';

/** The help text of `matrix-howto sandbox`. */
export const sandboxUsage = `Usage: matrix-howto sandbox [options]

Runs the bundled sandbox homeserver until Ctrl-C.

  --port N                     default 8008
  --host ADDRESS               default 127.0.0.1; any other address is reachable
                               from other machines, and a warning says so
  --server-name NAME           the part after ":" in IDs; default localhost
  --registration MODE          open (default), token, or closed (403)
  --registration-token TOKEN   the token for --registration token; better set
                               ${registrationTokenEnv}, which stays out of shell history
  --data DIR                   keep everything in SQLite in DIR; default in memory
  --reset                      with --data: delete DIR's sandbox data and exit
  --rate-limit N               allow N requests a second that change something,
                               per user (or per address before login); default off
  --rate-limit-burst N         how many of those may come at once; default 10
  --legacy-paths               also serve the retired r0 paths and POST .../send/{type}
                               of the 2016 guide; default off
  ${verboseFlag}                    log every request (tokens never shown)
  --help                       this text`;

const loopback = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/;

function readRegistration(value: string | undefined): RegistrationMode {
	if (value === undefined) return 'open';
	if (value === 'open' || value === 'token' || value === 'closed') return value;
	throw new UsageError(`--registration must be open, token or closed, not "${value}".`);
}

function readPositive(value: string | undefined, option: string): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	if (!Number.isFinite(number) || number <= 0) {
		throw new UsageError(`--${option} must be a number above 0, got "${value}".`);
	}
	return number;
}

function readRateLimit(perSecond: string | undefined, burst: string | undefined) {
	const rate = readPositive(perSecond, 'rate-limit');
	const size = readPositive(burst, 'rate-limit-burst');
	// A bucket smaller than one request would refuse every write while saying "try again soon".
	if (size !== undefined && (size < 1 || !Number.isInteger(size))) {
		throw new UsageError(
			`--rate-limit-burst must be a whole number of at least 1, got "${burst}".`,
		);
	}
	if (rate === undefined) {
		if (size !== undefined) throw new UsageError('--rate-limit-burst needs --rate-limit.');
		return undefined;
	}
	return { perSecond: rate, burst: size ?? 10 } satisfies RateLimit;
}

// The token from the flag or the environment; the flag works but is warned about.
function readToken(
	flag: string | undefined,
	mode: RegistrationMode,
	logger: Logger,
): string | undefined {
	const token = flag || process.env[registrationTokenEnv] || undefined;
	if (flag !== undefined) {
		logger.warn(
			'--registration-token is visible in shell history and process lists; ' +
				`${registrationTokenEnv} keeps it out of both.`,
		);
	}
	if (mode === 'token' && token === undefined) {
		throw new UsageError(
			`--registration token needs the token: set ${registrationTokenEnv} ` +
				'or pass --registration-token.',
		);
	}
	if (mode !== 'token' && token !== undefined && flag !== undefined) {
		throw new UsageError('--registration-token only means something with --registration token.');
	}
	return mode === 'token' ? token : undefined;
}

/**
 * `matrix-howto sandbox`: runs the bundled homeserver until Ctrl-C, or until
 * `stop` aborts because the reader closed the output.
 */
export async function sandboxCommand(
	args: string[],
	logger: Logger,
	stop: AbortSignal,
): Promise<void> {
	const { values } = readArgs(args, {
		command: 'matrix-howto sandbox',
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			'server-name': { type: 'string' },
			registration: { type: 'string' },
			'registration-token': { type: 'string' },
			data: { type: 'string' },
			reset: { type: 'boolean' },
			'rate-limit': { type: 'string' },
			'rate-limit-burst': { type: 'string' },
			'legacy-paths': { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.reset) {
		resetCommand(values.data, logger);
		return;
	}

	const host = values.host ?? '127.0.0.1';
	const port = parsePort(values.port, 'port', 8008);
	const registration = readRegistration(values.registration);
	const registrationToken = readToken(values['registration-token'], registration, logger);
	const rateLimit = readRateLimit(values['rate-limit'], values['rate-limit-burst']);
	const serverName = values['server-name'] ?? 'localhost';
	if (!isServerName(serverName)) {
		throw new UsageError(
			`--server-name must be a server name like localhost or example.org, got "${serverName}".`,
		);
	}
	if (!loopback.test(host)) {
		logger.warn(
			`Listening on ${host}: other machines that can reach this address can use the ` +
				'sandbox. It has no TLS and is not a production server; keep it on 127.0.0.1 ' +
				'unless you mean this.',
		);
	}

	const sandbox = await startSandbox({
		host,
		port,
		serverName,
		logger: logger.fork('sandbox'),
		registration,
		...(registrationToken !== undefined && { registrationToken }),
		...(values.data !== undefined && { dataDir: values.data }),
		...(rateLimit && { rateLimit }),
		legacyPaths: values['legacy-paths'] ?? false,
	}).catch((error: unknown) => {
		throw explainStartError(error, host, port, 'port', values.data);
	});
	logger.info(`Homeserver: ${sandbox.url}  (Ctrl-C stops it)`);
	await waitForStop(stop);
	await sandbox.close();
}

/** A start failure as a sentence: a busy port, or a data folder another sandbox has open. */
export function explainStartError(
	error: unknown,
	host: string,
	port: number,
	option = 'port',
	dataDir?: string,
): Error {
	if (error instanceof DataDirInUseError) return new UsageError(error.message);
	const code = (error as { code?: unknown } | null)?.code;
	if (code === 'EADDRINUSE' || code === 'EACCES') {
		return explainListenError(error, 'sandbox homeserver', host, port, option);
	}
	// Anything else at start comes from reading the data folder: say what would help.
	if (dataDir !== undefined) {
		const detail = error instanceof Error ? error.message : String(error);
		return new UsageError(
			`The sandbox could not open its data in ${dataDir} (${detail}). If the folder holds ` +
				`something else, pick another with --data; to start afresh, run with --data ${dataDir} --reset.`,
			{ cause: error },
		);
	}
	return explainListenError(error, 'sandbox homeserver', host, port, option);
}

function resetCommand(dataDir: string | undefined, logger: Logger) {
	if (dataDir === undefined) throw new UsageError('--reset needs --data DIR: the folder to reset.');
	let outcome;
	try {
		outcome = resetDataDir(dataDir);
	} catch (error) {
		throw error instanceof DataDirInUseError ? new UsageError(error.message) : error;
	}
	const { removed, folderRemoved } = outcome;
	if (removed.length === 0) {
		logger.info(`No sandbox data in ${dataDir}; nothing to reset.`);
		return;
	}
	const where = folderRemoved ? `${dataDir} (now deleted)` : dataDir;
	logger.info(`Reset the sandbox data in ${where}: the next start begins with no accounts.`);
}
