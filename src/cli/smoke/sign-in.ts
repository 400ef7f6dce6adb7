import type { Account, PlacedExample } from '../../matrix/example.ts';
import { buildRequest } from '../../matrix/build-request.ts';
import { captureValues } from '../../matrix/capture.ts';
import { accountEnv, accountFlags, type GivenAccount } from './accounts.ts';
import { endSentence } from './need-accounts.ts';
import { describeAnswer, sendBeforeSteps, type Sender } from './probe.ts';
import type { Secrets } from './secrets.ts';
import { SmokeStop } from './smoke-stop.ts';
import { isLogout, stepKind } from './step-kind.ts';

/** What signing a given account in and out before the steps needs. */
export interface SignInOptions {
	readonly baseUrl: string;
	readonly sender: Sender;
	readonly examples: readonly PlacedExample[];
	readonly secrets: Secrets;
}

// `friend.password` as `me.password`, say; other names stay as they are.
const rename = (name: string, from: string, to: string) =>
	name.startsWith(`${from}.`) ? `${to}${name.slice(from.length)}` : name;

// Sends the guide's own example for `account`: the guide writes each request
// down once, for one account, so another's values are renamed into its names.
async function sendAs(
	example: PlacedExample,
	account: Account,
	own: Readonly<Record<string, string>>,
	options: SignInOptions,
) {
	const owner = example.account ?? account;
	const values: Record<string, string> = { baseUrl: options.baseUrl };
	for (const [name, value] of Object.entries(own)) {
		values[rename(name, account, owner)] = value;
	}
	const built = buildRequest(example, values);
	if (!built.ok) throw new Error(`The ${example.id} step needs ${built.missing.join(', ')}.`);
	const exchange = await sendBeforeSteps(built.request, options.sender);
	const captured: Record<string, string> = {};
	for (const [name, value] of Object.entries(
		captureValues(example, exchange.status, exchange.json, values),
	)) {
		captured[rename(name, owner, account)] = value;
	}
	return { exchange, captured };
}

/**
 * Signs a given account in with its password through the guide's login
 * step, and returns what that step captures, e.g. `friend.accessToken`. A
 * refusal stops the run before its first step, naming the account and the
 * server's errcode: the run cannot check a server with an account it cannot
 * sign in, so a wrong password is the run's problem, not the server's.
 */
export async function signIn(
	account: Account,
	given: GivenAccount,
	options: SignInOptions,
): Promise<Record<string, string>> {
	const login = options.examples.find((example) => stepKind(example) === 'password-login');
	if (!login) throw new Error('The guide has no password login step.');
	const own = {
		[`${account}.username`]: given.username ?? '',
		[`${account}.password`]: given.password ?? '',
	};
	const { exchange, captured } = await sendAs(login, account, own, options);
	if (exchange.status !== login.expect.status) {
		const names = accountEnv[account];
		throw new SmokeStop(
			[
				endSentence(
					`Signing in "${account}" as ${given.username} with the given password was ` +
						`refused: POST /login answered ${describeAnswer(exchange, 80)}`,
				),
				'The run stops before its first step, as it cannot check the server with an ' +
					`account it cannot sign in. Check the password in ${names.password} ` +
					`(or --${accountFlags[account].password}), or give that account's access token ` +
					`in ${names.accessToken} instead.`,
			].join('\n'),
		);
	}
	options.secrets.add(captured[`${account}.accessToken`]);
	return captured;
}

/**
 * Ends a session the run opened (to check a password, or for its steps),
 * through the guide's logout step, so no live token is left behind on the
 * account. A refusal is worth a warning, not a stop: the checks are done.
 */
export async function signOut(
	account: Account,
	session: Readonly<Record<string, string>>,
	options: SignInOptions,
): Promise<void> {
	const logout = options.examples.find(isLogout);
	if (!logout) throw new Error('The guide has no logout step.');
	const { exchange } = await sendAs(logout, account, session, options);
	if (exchange.status !== logout.expect.status) {
		options.sender.logger.warn(
			`Could not log out the session the run opened for "${account}": POST ` +
				`/logout answered ${describeAnswer(exchange, 80)}. It stays among the account's devices.`,
		);
	}
}
