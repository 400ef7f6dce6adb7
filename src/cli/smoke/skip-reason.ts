import type { PlacedExample } from '../../matrix/example.ts';
import { providerOf } from '../../matrix/guide.ts';
import { describeVariable } from '../../matrix/variable-labels.ts';
import { accountEnv } from './accounts.ts';
import type { RunState } from './run-state.ts';
import { stepKind } from './step-kind.ts';

/**
 * Why a step cannot run as the account it names: the account is given (so
 * it is not registered), has no password to log in with or no password login
 * to use it on, or is unavailable.
 */
export function accountSkipReason(example: PlacedExample, state: RunState): string | null {
	const account = example.account;
	if (account === null) return null;
	const kind = stepKind(example);
	const start = state.options.accounts[account];
	if (start.kind === 'given') {
		if (kind === 'register-start' || kind === 'register-finish') {
			const name = start.userId ?? start.label;
			return `"${account}" is the given account ${name}, so it is not registered`;
		}
		const token = accountEnv[account].accessToken;
		if (kind === 'password-login' && !start.hasPassword) {
			return `no password was given for "${account}"; the run uses the access token from ${token}`;
		}
		// On such a server the run starts only with a token for each account: prepareAccounts.
		const { unavailable } = state.options.login;
		if (kind === 'password-login' && unavailable) {
			return (
				`${unavailable}; the run uses the access token from ${token} ` +
				`instead of the password given for "${account}"`
			);
		}
	}
	return state.unavailable[account] ?? null;
}

/** Why a step lacks a value: which step provides it, and what became of that step. */
export function missingValueReason(missing: readonly string[], state: RunState): string {
	const name = missing[0] ?? '';
	const what = describeVariable(name);
	const provider = providerOf(name, state.byVariable);
	if (!provider) return `needs ${what}, which no step of the guide provides`;
	const outcome = state.outcomes.get(provider.id);
	const how = { failed: 'failed', skipped: 'was skipped', passed: 'did not provide it' }[
		outcome ?? 'passed'
	];
	return `needs ${what} from ${provider.id}, which ${how}`;
}
