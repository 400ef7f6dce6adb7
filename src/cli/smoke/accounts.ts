import type { Account } from '../../matrix/example.ts';
import { UsageError } from '../usage-error.ts';

/** An existing account the run is told to use instead of registering one. */
export interface GivenAccount {
	/** A localpart or a full user ID, as `m.id.user` accepts either. */
	readonly username: string | undefined;
	readonly password: string | undefined;
	readonly accessToken: string | undefined;
}

/** The environment variables for each account's name and secrets. */
export const accountEnv = {
	me: {
		user: 'MATRIX_HOWTO_USER',
		password: 'MATRIX_HOWTO_PASSWORD',
		accessToken: 'MATRIX_HOWTO_ACCESS_TOKEN',
	},
	friend: {
		user: 'MATRIX_HOWTO_FRIEND_USER',
		password: 'MATRIX_HOWTO_FRIEND_PASSWORD',
		accessToken: 'MATRIX_HOWTO_FRIEND_ACCESS_TOKEN',
	},
} as const;

/** The command-line options for each account; tokens have none, on purpose. */
export const accountFlags = {
	me: { user: 'user', password: 'password' },
	friend: { user: 'friend-user', password: 'friend-password' },
} as const;

/** What the flags held for one account. */
export interface AccountFlags {
	readonly user: string | undefined;
	readonly password: string | undefined;
}

/** The account read from flags and environment, and what to warn about. */
export interface ReadAccount {
	readonly given: GivenAccount | null;
	readonly warnings: readonly string[];
}

const nonEmpty = (value: string | undefined) =>
	value === undefined || value === '' ? undefined : value;

/**
 * Reads one given account: user and password from a flag or the environment,
 * an access token from the environment only, since flags end up in shell
 * history and process lists. Flags win over the environment.
 */
export function readGivenAccount(
	account: Account,
	flags: AccountFlags,
	env: Readonly<Record<string, string | undefined>>,
): ReadAccount {
	const names = accountEnv[account];
	const options = accountFlags[account];
	const username = nonEmpty(flags.user) ?? nonEmpty(env[names.user]);
	const password = nonEmpty(flags.password) ?? nonEmpty(env[names.password]);
	const accessToken = nonEmpty(env[names.accessToken]);
	const warnings: string[] = [];
	if (flags.password !== undefined) {
		warnings.push(
			`--${options.password} is visible in shell history and process lists; ` +
				`${names.password} keeps it out of both.`,
		);
	}

	if (password !== undefined && username === undefined) {
		throw new UsageError(
			`A password for "${account}" needs a user: --${options.user} or ${names.user}.`,
		);
	}
	if (username !== undefined && password === undefined && accessToken === undefined) {
		throw new UsageError(
			`--${options.user} "${username}" needs that account's password (${names.password}, ` +
				`or --${options.password}) or an access token (${names.accessToken}).`,
		);
	}
	if (username === undefined && accessToken === undefined) return { given: null, warnings };
	return { given: { username, password, accessToken }, warnings };
}

/**
 * How to give an existing account, for a message that stops the run: name
 * and password by flag or environment, or an access token; the token alone
 * when the server has no password login.
 */
export function howToGive(account: Account, passwordLogin: boolean): string {
	const names = accountEnv[account];
	const flags = accountFlags[account];
	const token = `an access token in ${names.accessToken}`;
	if (!passwordLogin) return token;
	const byPassword = `--${flags.user} NAME --${flags.password} P`;
	return `${byPassword} (or ${names.user} and ${names.password}), or ${token}`;
}
