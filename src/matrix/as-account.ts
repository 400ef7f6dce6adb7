import type { Account, Example } from './example.ts';
import type { Variables } from './variables.ts';

/**
 * Values for running an example written for one account as another: the
 * guide logs out only as "me", and the session bar logs out either account
 * with that same step, so no second request is written down.
 */
export function valuesAs(example: Example, account: Account, values: Variables): Variables {
	const owner = example.account;
	if (owner === null || owner === account) return values;
	const mapped: Record<string, string> = {};
	for (const [name, value] of Object.entries(values)) {
		if (name.startsWith(`${owner}.`)) continue;
		mapped[name] = value;
		if (name.startsWith(`${account}.`)) mapped[name.replace(`${account}.`, `${owner}.`)] = value;
	}
	return mapped;
}
