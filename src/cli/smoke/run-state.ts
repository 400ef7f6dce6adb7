import type { DynamicValues } from '../../matrix/dynamic-values.ts';
import type { Account, PlacedExample } from '../../matrix/example.ts';
import type { Logger } from '../../node/logger.ts';
import type { LoginOffer } from './check-login.ts';
import type { AccountStart } from './prepare-accounts.ts';
import type { RetryPolicy } from './retry.ts';
import type { Secrets } from './secrets.ts';
import type { StepOutcome } from './step-result.ts';
import type { Transport } from './transport.ts';

/** What a run of the guide's steps is given. */
export interface RunOptions {
	readonly examples: readonly PlacedExample[];
	readonly baseUrl: string;
	readonly transport: Transport;
	readonly accounts: Readonly<Record<Account, AccountStart>>;
	readonly login: LoginOffer;
	readonly registrationToken: string | undefined;
	readonly secrets: Secrets;
	/** Gets `-->` / `<--` lines at debug level; must redact with `secrets`. */
	readonly logger: Logger;
	readonly dynamic?: DynamicValues;
	readonly retry?: RetryPolicy;
	/** How long a long-poll is in flight before its waking step runs; default 50 ms. */
	readonly wakeDelayMs?: number;
	/**
	 * Ends the run between steps once aborted, by throwing its reason; the
	 * transport should cancel the requests in flight on the same signal.
	 */
	readonly stop?: AbortSignal;
}

/** What the steps of one run share while it goes. */
export interface RunState {
	readonly options: RunOptions;
	/** The generators for `{{$...}}` values: the options' or the standard ones. */
	readonly dynamic: DynamicValues;
	/** Every value gathered so far, keyed like `roomId` or `me.accessToken`. */
	readonly values: Record<string, string>;
	readonly outcomes: Map<string, StepOutcome>;
	/** For each variable, the first step that captures it. */
	readonly byVariable: ReadonlyMap<string, PlacedExample>;
	/** Why an account's steps cannot run, once that is known. */
	readonly unavailable: Partial<Record<Account, string>>;
	/** The registration stages chosen from each account's 401. */
	readonly stages: Partial<Record<Account, readonly string[]>>;
	/** When each step first sent its request, from `performance.now()`. */
	readonly sentAt: Map<string, number>;
}
