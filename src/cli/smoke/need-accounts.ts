import type { Account } from '../../matrix/example.ts';
import { howToGive } from './accounts.ts';
import { SmokeStop } from './smoke-stop.ts';
import { registrationTokenEnv } from './smoke-options.ts';

/** What would help besides existing accounts, and whether passwords can be used. */
export interface NeedOptions {
	/** The server asks for a registration token, which was not given. */
	readonly token: boolean;
	/** The server offers password login, so a name and password would do. */
	readonly passwordLogin: boolean;
}

/** Ends `text` with a full stop, unless it ends in a quoted sentence that has its own. */
export const endSentence = (text: string) => (/[.!?]"?$/.test(text) ? text : `${text}.`);

/**
 * Stops the run before its first step because `accounts` can be neither made
 * nor signed in: `cause` says what the server answered; the message then says
 * exactly what to give, one line for each account.
 */
export function needAccounts(
	cause: string,
	accounts: readonly Account[],
	{ token, passwordLogin }: NeedOptions,
): SmokeStop {
	const [only] = accounts;
	const needed =
		accounts.length === 1 ? `the account "${only}"` : `two accounts, "me" and "friend"`;
	const existing = accounts.length === 1 ? 'an existing account' : 'existing accounts';
	const tokenFirst = token
		? `the registration token in ${registrationTokenEnv} (or --registration-token TOKEN), or `
		: '';
	const width = Math.max(...accounts.map((account) => account.length)) + 1;
	const ways = accounts.map(
		(account) => `  ${`${account}:`.padEnd(width)} ${howToGive(account, passwordLogin)}`,
	);
	return new SmokeStop(
		[
			endSentence(cause),
			`The run stops before its first step: the guide's steps need ${needed}. ` +
				`Give ${tokenFirst}${existing}:`,
			...ways,
		].join('\n'),
	);
}
