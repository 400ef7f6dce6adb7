import { access, constants } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Account } from '../../matrix/example.ts';
import { readArgs } from '../read-args.ts';
import { UsageError } from '../usage-error.ts';
import { readGivenAccount, type GivenAccount } from './accounts.ts';
import { parseTarget, type Target } from './discover.ts';
import { isReporter, reporters, type Reporter } from './write-report.ts';

/** Everything `matrix-howto smoke` was asked to do. */
export interface SmokeOptions {
	/** Null with `--sandbox`. */
	readonly target: Target | null;
	readonly sandbox: boolean;
	readonly reporter: Reporter | null;
	/** Null writes the report to stdout. */
	readonly output: string | null;
	readonly registrationToken: string | undefined;
	readonly given: Readonly<Record<Account, GivenAccount | null>>;
	/** Limit to connect, and to wait for an answer beyond what a long-poll asks. */
	readonly timeoutMs: number;
	readonly warnings: readonly string[];
}

/** The environment variable read for a registration token. */
export const registrationTokenEnv = 'MATRIX_HOWTO_REGISTRATION_TOKEN';

function parseTimeout(value: string | undefined): number {
	if (value === undefined) return 30_000;
	const secondsGiven = Number(value);
	if (!Number.isFinite(secondsGiven) || secondsGiven <= 0 || secondsGiven > 3600) {
		throw new UsageError(`--timeout must be seconds, more than 0 and at most 3600: "${value}".`);
	}
	return Math.round(secondsGiven * 1000);
}

/** Reads the command line and the environment; throws `UsageError` on a mistake. */
export async function readSmokeOptions(
	args: string[],
	env: Readonly<Record<string, string | undefined>>,
): Promise<SmokeOptions> {
	const { values, positionals } = readArgs(args, {
		command: 'matrix-howto smoke',
		allowPositionals: true,
		options: {
			sandbox: { type: 'boolean' },
			reporter: { type: 'string' },
			output: { type: 'string' },
			timeout: { type: 'string' },
			'registration-token': { type: 'string' },
			user: { type: 'string' },
			password: { type: 'string' },
			'friend-user': { type: 'string' },
			'friend-password': { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
	});

	if (positionals.length > 1) {
		throw new UsageError(
			`smoke takes one server, got ${positionals.length}: ${positionals.join(' ')}.`,
		);
	}
	const [where] = positionals;
	const sandbox = values.sandbox === true;
	if (sandbox && where !== undefined) {
		throw new UsageError(`Give either --sandbox or a server ("${where}"), not both.`);
	}
	if (!sandbox && where === undefined) {
		throw new UsageError(
			'smoke needs a server name (example.org), a base URL (http://localhost:8008), ' +
				'or --sandbox.',
		);
	}

	const reporter = values.reporter ?? null;
	if (reporter !== null && !isReporter(reporter)) {
		const names = Object.keys(reporters).join(', ');
		throw new UsageError(`--reporter must be one of ${names}, got "${reporter}".`);
	}
	const output = values.output === undefined ? null : resolve(values.output);
	if (output !== null && reporter === null) {
		throw new UsageError('--output needs --reporter junit, tap or json to say what to write.');
	}
	if (output !== null) {
		await access(dirname(output), constants.W_OK).catch(() => {
			throw new UsageError(`Cannot write ${output}: its folder does not exist or is read-only.`);
		});
	}

	const warnings: string[] = [];
	const me = readGivenAccount('me', { user: values.user, password: values.password }, env);
	const friend = readGivenAccount(
		'friend',
		{ user: values['friend-user'], password: values['friend-password'] },
		env,
	);
	warnings.push(...me.warnings, ...friend.warnings);
	if (values['registration-token'] !== undefined) {
		warnings.push(
			'--registration-token is visible in shell history and process lists; ' +
				`${registrationTokenEnv} keeps it out of both.`,
		);
	}

	return {
		target: where === undefined ? null : parseTarget(where),
		sandbox,
		reporter,
		output,
		registrationToken: values['registration-token'] || env[registrationTokenEnv] || undefined,
		given: { me: me.given, friend: friend.given },
		timeoutMs: parseTimeout(values.timeout),
		warnings,
	};
}
