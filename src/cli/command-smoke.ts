import { createLogger, type Logger } from '../node/logger.ts';
import { loadGuideExamples } from '../node/load-guide.ts';
import { startSandbox, type RunningSandbox } from '../sandbox/server.ts';
import type { Target } from './smoke/discover.ts';
import { findHomeserver } from './smoke/find-homeserver.ts';
import { formatHeader, formatStep, formatSummary } from './smoke/format-progress.ts';
import { prepareAccounts } from './smoke/prepare-accounts.ts';
import { runSteps } from './smoke/run-steps.ts';
import { createSecrets } from './smoke/secrets.ts';
import { readSmokeOptions } from './smoke/smoke-options.ts';
import { SmokeStop } from './smoke/smoke-stop.ts';
import { summarize, type SmokeRun } from './smoke/step-result.ts';
import { createTransport } from './smoke/transport.ts';
import { writeReport } from './smoke/write-report.ts';
import { printable } from './printable.ts';
import { verboseFlag } from './read-args.ts';

/** The help text of `matrix-howto smoke`. */
export const smokeUsage = `Usage: matrix-howto smoke <server name | base URL> [options]
       matrix-howto smoke --sandbox [options]

Runs every example of the guide, in page order, against a homeserver.

  --sandbox                   start the bundled sandbox on a free port and check it
  --reporter junit|tap|json   also write a report (to stdout unless --output)
  --output FILE               where the report goes
  --timeout SECONDS           connect and answer limit per request (default 30)
  --registration-token TOKEN  for servers that register with a token
  --user NAME  --password P   an existing account instead of a fresh one
  --friend-user NAME  --friend-password P   the same for the second account
  ${verboseFlag}                   log every request (--> and <-- lines; tokens never shown)

Secrets are better given in the environment, out of shell history:
  MATRIX_HOWTO_REGISTRATION_TOKEN, MATRIX_HOWTO_USER, MATRIX_HOWTO_PASSWORD,
  MATRIX_HOWTO_ACCESS_TOKEN, and MATRIX_HOWTO_FRIEND_USER, _FRIEND_PASSWORD,
  _FRIEND_ACCESS_TOKEN for the second account.

Exit status: 0 every step passed or was skipped, 1 a step failed,
2 a usage error, the server is unreachable or does not suit the guide, or an
account the guide needs can be neither registered nor signed in, a given
password or token refused among them (the message says what to give),
141 the output was closed before the end (as by | head).`;

const userAgent = 'matrix-howto-smoke/0.1';

const shownTarget = (target: Target) =>
	target.kind === 'base-url' ? target.baseUrl : target.serverName;

/**
 * `matrix-howto smoke`: runs the guide's examples against a homeserver and
 * reports. Sets the exit status: 0 passed, 1 a step failed, 2 cannot run.
 * Once `stop` aborts (the reader closed the output), the run ends quietly,
 * with its sandbox closed and the status left unset unless a step had failed.
 */
export async function smokeCommand(
	args: string[],
	logger: Logger,
	stop: AbortSignal,
): Promise<void> {
	const options = await readSmokeOptions(args, process.env);
	const secrets = createSecrets([
		options.registrationToken,
		...Object.values(options.given).flatMap((given) => [given?.password, given?.accessToken]),
	]);
	// Every line out of this command passes through `secrets`, the report too.
	const log = createLogger(logger.level, (line) => {
		process.stderr.write(`${printable(secrets.redact(line))}\n`);
	});
	const progress =
		options.reporter !== null && options.output === null ? process.stderr : process.stdout;
	const print = (line: string) => progress.write(`${printable(secrets.redact(line))}\n`);
	for (const warning of options.warnings) log.warn(warning);

	const examples = await loadGuideExamples();
	const transport = createTransport({
		connectTimeoutMs: options.timeoutMs,
		requestTimeoutMs: options.timeoutMs,
		userAgent,
		stop,
	});
	// The requests before the steps are logged like the steps' own.
	const sender = { fetch: transport.fetch, logger: log };
	let sandbox: RunningSandbox | undefined;
	const startedAt = new Date().toISOString();
	const started = performance.now();
	// Where the run was aimed, for a report of a run that stops before its first step.
	let aimedAt = options.target ? shownTarget(options.target) : 'the bundled sandbox';
	try {
		if (options.sandbox) sandbox = await startSandbox({ port: 0, logger: log.fork('sandbox') });
		const target = sandbox ? { kind: 'base-url' as const, baseUrl: sandbox.url } : options.target;
		if (!target) throw new Error('unreachable: no target and no sandbox');
		if (sandbox) aimedAt = sandbox.url;
		const home = await findHomeserver(target, sender, sandbox ? 'the bundled sandbox' : 'as given');
		aimedAt = home.baseUrl;
		const accounts = await prepareAccounts({
			baseUrl: home.baseUrl,
			sender,
			login: home.login,
			given: options.given,
			examples,
			registrationToken: options.registrationToken,
			secrets,
		});
		for (const line of formatHeader(home, accounts)) print(line);

		const idWidth = Math.max(...examples.map((example) => example.id.length));
		const steps = await runSteps(
			{
				examples,
				baseUrl: home.baseUrl,
				transport,
				accounts,
				login: home.login,
				registrationToken: options.registrationToken,
				secrets,
				logger: log,
				stop,
			},
			(result) => {
				for (const line of formatStep(result, idWidth)) print(line);
				// Known from here on, even if the reader goes away before the summary.
				if (result.outcome === 'failed' && !stop.aborted) process.exitCode = 1;
			},
		);
		const run: SmokeRun = {
			baseUrl: home.baseUrl,
			versions: home.versions,
			startedAt,
			ms: performance.now() - started,
			steps,
			stopped: null,
		};
		for (const line of formatSummary(steps, run.ms)) print(line);
		if (options.reporter) await writeReport(run, options.reporter, options.output, secrets);
		if (options.output) print(`Report (${options.reporter}): ${options.output}`);
		process.exitCode = summarize(steps).failed > 0 ? 1 : 0;
	} catch (error) {
		// Whatever failed after the stop (requests cancelled by it) is no news for anyone.
		if (stop.aborted) return;
		if (!(error instanceof SmokeStop)) {
			if (error instanceof Error) error.stack = secrets.redact(error.stack ?? error.message);
			throw error;
		}
		log.error(error.message);
		process.exitCode = 2;
		if (options.reporter) {
			const run: SmokeRun = {
				baseUrl: aimedAt,
				versions: [],
				startedAt,
				ms: performance.now() - started,
				steps: [],
				stopped: error.message,
			};
			try {
				await writeReport(run, options.reporter, options.output, secrets);
				if (options.output) print(`Report (${options.reporter}): ${options.output}`);
			} catch (writeError) {
				log.error(`Could not write the report: ${String(writeError)}`);
			}
		}
	} finally {
		await transport.close();
		await sandbox?.close();
	}
}
