import type { Account, PlacedExample } from '../../matrix/example.ts';
import { buildRequest } from '../../matrix/build-request.ts';
import { captureValues } from '../../matrix/capture.ts';
import { readPath } from '../../matrix/json-path.ts';
import { sendRequest, type FetchLike } from '../../matrix/send-request.ts';
import { accountEnv, type GivenAccount } from './accounts.ts';
import type { LoginOffer } from './check-login.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { describeAnswer, probe } from './probe.ts';
import { sendWithRetry } from './retry.ts';
import type { Secrets } from './secrets.ts';
import { SmokeStop } from './smoke-stop.ts';
import { stepKind } from './step-kind.ts';

/** How an account enters the run. */
export type AccountStart =
	/** Registered fresh by the guide's registration steps. */
	| { readonly kind: 'register' }
	/** An existing account; `values` seeds the run, e.g. `me.accessToken`. */
	| {
			readonly kind: 'given';
			readonly label: string;
			readonly values: Readonly<Record<string, string>>;
			readonly hasPassword: boolean;
	  }
	/** Neither possible: the account's steps are skipped with this reason. */
	| { readonly kind: 'unavailable'; readonly reason: string };

/** What preparing accounts needs to know. */
export interface PrepareOptions {
	readonly baseUrl: string;
	readonly fetcher: FetchLike;
	readonly login: LoginOffer;
	readonly given: Readonly<Record<Account, GivenAccount | null>>;
	readonly examples: readonly PlacedExample[];
	readonly secrets: Secrets;
}

/** Asks the server whose token this is; stops the run when it refuses the token. */
async function whoami(
	account: Account,
	token: string,
	{ baseUrl, fetcher }: PrepareOptions,
): Promise<string> {
	const answer = await probe(`${baseUrl}/_matrix/client/v3/account/whoami`, fetcher, {
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

// The guide logs in only as "me"; another account signs in with the same
// example, its variables renamed, so no second login request is written down.
async function signInWithGuideLogin(
	account: Account,
	given: GivenAccount,
	options: PrepareOptions,
): Promise<Record<string, string>> {
	const login = options.examples.find((example) => stepKind(example) === 'password-login');
	const owner = login?.account;
	if (!login || !owner) throw new Error('The guide has no password login step.');
	const values = {
		baseUrl: options.baseUrl,
		[`${owner}.username`]: given.username ?? '',
		[`${owner}.password`]: given.password ?? '',
	};
	const built = buildRequest(login, values);
	if (!built.ok) throw new Error(`The login step needs ${built.missing.join(', ')}.`);
	let exchange;
	try {
		({ exchange } = await sendWithRetry(() => sendRequest(built.request, options.fetcher)));
	} catch (error) {
		throw new SmokeStop(explainNetworkError(error).sentence, { cause: error });
	}
	if (exchange.status !== login.expect.status) {
		throw new SmokeStop(
			`Signing in "${account}" as ${given.username} with the given password failed: ` +
				`${describeAnswer(exchange)}.`,
		);
	}
	const signedIn: Record<string, string> = {};
	for (const [name, value] of Object.entries(
		captureValues(login, exchange.status, exchange.json, values),
	)) {
		signedIn[name.replace(`${owner}.`, `${account}.`)] = value;
	}
	options.secrets.add(signedIn[`${account}.accessToken`]);
	return signedIn;
}

async function prepareOne(account: Account, options: PrepareOptions): Promise<AccountStart> {
	const given = options.given[account];
	const tokenEnv = accountEnv[account].accessToken;
	const askForToken = `give an access token for "${account}" in ${tokenEnv}`;
	if (!given) {
		if (options.login.unavailable) {
			return {
				kind: 'unavailable',
				reason: `${options.login.unavailable}; ${askForToken}`,
			};
		}
		return { kind: 'register' };
	}

	const values: Record<string, string> = {};
	if (given.username !== undefined) values[`${account}.username`] = given.username;
	if (given.password !== undefined) values[`${account}.password`] = given.password;
	if (given.accessToken !== undefined) {
		values[`${account}.accessToken`] = given.accessToken;
		values[`${account}.userId`] = await whoami(account, given.accessToken, options);
		values[`${account}.username`] ??= values[`${account}.userId`] ?? '';
	} else if (options.login.unavailable) {
		return {
			kind: 'unavailable',
			reason: `${options.login.unavailable}; ${askForToken}`,
		};
	} else if (
		!options.examples.some((e) => e.account === account && stepKind(e) === 'password-login')
	) {
		Object.assign(values, await signInWithGuideLogin(account, given, options));
	}
	const label = values[`${account}.userId`] ?? given.username ?? account;
	return { kind: 'given', label, values, hasPassword: given.password !== undefined };
}

/** Decides for each account whether it is registered, given, or unavailable. */
export async function prepareAccounts(
	options: PrepareOptions,
): Promise<Record<Account, AccountStart>> {
	return { me: await prepareOne('me', options), friend: await prepareOne('friend', options) };
}
