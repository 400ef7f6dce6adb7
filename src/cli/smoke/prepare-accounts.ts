import type { Account, PlacedExample } from '../../matrix/example.ts';
import { readPath } from '../../matrix/json-path.ts';
import { accountEnv, type GivenAccount } from './accounts.ts';
import type { LoginOffer } from './check-login.ts';
import { checkRegistration } from './check-registration.ts';
import { completeUserIds } from './complete-user-ids.ts';
import { needAccounts } from './need-accounts.ts';
import { describeAnswer, probe, type Sender } from './probe.ts';
import type { Secrets } from './secrets.ts';
import { signIn, signOut } from './sign-in.ts';
import { SmokeStop } from './smoke-stop.ts';
import { stepKind } from './step-kind.ts';

/** How an account enters the run. */
export type AccountStart =
	/** A new account, for the guide's registration steps to make. */
	| { readonly kind: 'register' }
	/** An existing account; `values` seeds the run, e.g. `me.accessToken`. */
	| {
			readonly kind: 'given';
			/**
			 * The full user ID, once known: from whoami, a sign-in, as given, or
			 * a given localpart with the server name of the other account.
			 */
			readonly userId: string | null;
			/** The user ID, else the name as given. */
			readonly label: string;
			readonly values: Readonly<Record<string, string>>;
			readonly hasPassword: boolean;
	  };

/** What preparing accounts needs to know. */
export interface PrepareOptions {
	readonly baseUrl: string;
	readonly sender: Sender;
	readonly login: LoginOffer;
	readonly given: Readonly<Record<Account, GivenAccount | null>>;
	readonly examples: readonly PlacedExample[];
	readonly registrationToken: string | undefined;
	readonly secrets: Secrets;
}

/** Asks the server whose token this is; stops the run when it refuses the token. */
async function whoami(
	account: Account,
	token: string,
	{ baseUrl, sender }: PrepareOptions,
): Promise<string> {
	const answer = await probe(`${baseUrl}/_matrix/client/v3/account/whoami`, sender, {
		Authorization: `Bearer ${token}`,
	});
	const userId = readPath(answer.json, ['user_id']);
	if (answer.status !== 200 || typeof userId !== 'string') {
		throw new SmokeStop(
			`The access token in ${accountEnv[account].accessToken} was not accepted: ` +
				`GET /account/whoami answered ${describeAnswer(answer)}.`,
		);
	}
	return userId;
}

async function prepareGiven(
	account: Account,
	given: GivenAccount,
	options: PrepareOptions,
): Promise<AccountStart> {
	const values: Record<string, string> = {};
	if (given.username !== undefined) values[`${account}.username`] = given.username;
	if (given.password !== undefined) values[`${account}.password`] = given.password;
	if (given.accessToken !== undefined) {
		values[`${account}.accessToken`] = given.accessToken;
		values[`${account}.userId`] = await whoami(account, given.accessToken, options);
		values[`${account}.username`] ??= values[`${account}.userId`] ?? '';
	}
	const loginStep = options.examples.some(
		(example) => example.account === account && stepKind(example) === 'password-login',
	);
	if (!loginStep && given.accessToken === undefined) {
		// No step of the guide signs this account in, so the run does, for good.
		Object.assign(values, await signIn(account, given, options));
	} else if (loginStep && given.password !== undefined && options.login.password) {
		// The login step will use this password: a wrong one stops the run now, as
		// for the other account, instead of failing that step. The check's own
		// session is ended again; its user ID names the account in the header.
		const session = await signIn(account, given, options);
		await signOut(account, session, options);
		const userId = session[`${account}.userId`];
		if (userId !== undefined) values[`${account}.userId`] ??= userId;
	}
	// m.id.user takes a localpart or a full user ID; only the latter names the account fully.
	const asGiven = given.username?.startsWith('@') ? given.username : undefined;
	const userId = values[`${account}.userId`] ?? asGiven ?? null;
	const label = userId ?? given.username ?? account;
	return { kind: 'given', userId, label, values, hasPassword: given.password !== undefined };
}

const capitalize = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * Decides for each account whether it is registered by the guide's steps or
 * given, and checks the token and password of a given one. Stops the run,
 * saying what to give, when an account can be neither: the server has no
 * password login and no token was given for it, it refuses the registration
 * the run would need, or it refuses a given token or password.
 */
export async function prepareAccounts(
	options: PrepareOptions,
): Promise<Record<Account, AccountStart>> {
	const accounts = ['me', 'friend'] as const;
	const { unavailable } = options.login;
	if (unavailable) {
		const cannot = accounts.filter((account) => !options.given[account]?.accessToken);
		if (cannot.length > 0) {
			throw needAccounts(capitalize(unavailable), cannot, { token: false, passwordLogin: false });
		}
	}

	const starts: Partial<Record<Account, AccountStart>> = {};
	for (const account of accounts) {
		const given = options.given[account];
		if (given) starts[account] = await prepareGiven(account, given, options);
	}
	const registering = accounts.filter((account) => !starts[account]);
	if (registering.length > 0) await checkRegistration(registering, options);
	for (const account of registering) starts[account] = { kind: 'register' };
	const { me, friend } = starts;
	if (!me || !friend) throw new Error('unreachable: an account left unprepared');
	return completeUserIds({ me, friend });
}
