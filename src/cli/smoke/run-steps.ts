import { buildRequest } from '../../matrix/build-request.ts';
import { dynamicValues } from '../../matrix/dynamic-values.ts';
import type { PlacedExample } from '../../matrix/example.ts';
import { providers } from '../../matrix/guide.ts';
import type { RunOptions, RunState } from './run-state.ts';
import { runStep, skippedStep } from './run-step.ts';
import { signOut } from './sign-in.ts';
import { accountSkipReason, missingValueReason } from './skip-reason.ts';
import { startingValues } from './starting-values.ts';
import type { StepResult } from './step-result.ts';

export type { RunOptions } from './run-state.ts';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function initialState(options: RunOptions): RunState {
	const seeded: Record<string, string> = {};
	for (const account of ['me', 'friend'] as const) {
		const start = options.accounts[account];
		if (start.kind === 'given') Object.assign(seeded, start.values);
	}
	const dynamic = options.dynamic ?? dynamicValues;
	const { examples, baseUrl, secrets } = options;
	const values = startingValues({ examples, baseUrl, seeded, dynamic, secrets });
	return {
		options,
		dynamic,
		values,
		outcomes: new Map(),
		byVariable: providers(options.examples),
		unavailable: {},
		stages: {},
		sentAt: new Map(),
	};
}

/** Why the step that wakes a long-poll could not run now; null when it can. */
function wakerBlocked(state: RunState, waker: PlacedExample | undefined, id: string) {
	if (!waker) return `its waking step "${id}" is not in the guide`;
	const blocked = accountSkipReason(waker, state);
	if (blocked) return `${waker.id}, which wakes it, cannot run: ${blocked}`;
	const built = buildRequest(waker, state.values, { dynamic: state.dynamic });
	return built.ok
		? null
		: `${waker.id}, which wakes it, ${missingValueReason(built.missing, state)}`;
}

interface Waiting {
	readonly controller: AbortController;
	readonly result: Promise<StepResult>;
}

/**
 * Runs the guide's examples in page order. A step with `@woken-by` is sent,
 * left waiting, and answered by the step named there, which runs meanwhile;
 * it ends after that step. `onStep` hears of each step as it ends. Returns the
 * results in page order; throws the reason of `options.stop` once it aborts.
 */
export async function runSteps(
	options: RunOptions,
	onStep: (result: StepResult) => void = () => {},
): Promise<StepResult[]> {
	const state = initialState(options);
	const results = new Map<string, StepResult>();
	const finish = (result: StepResult) => {
		results.set(result.id, result);
		state.outcomes.set(result.id, result.outcome);
		onStep(result);
	};
	const waiting = new Map<string, Waiting>();

	for (const example of options.examples) {
		options.stop?.throwIfAborted();
		if (example.wokenBy) {
			const waker = options.examples.find((item) => item.id === example.wokenBy);
			const blocked =
				accountSkipReason(example, state) ?? wakerBlocked(state, waker, example.wokenBy);
			if (blocked) {
				finish(skippedStep(example, blocked));
				continue;
			}
			const controller = new AbortController();
			waiting.set(example.wokenBy, {
				controller,
				result: runStep(state, example, controller.signal),
			});
			await sleep(options.wakeDelayMs ?? 50);
			continue;
		}
		const result = await runStep(state, example);
		finish(result);
		const poll = waiting.get(example.id);
		if (poll) {
			waiting.delete(example.id);
			if (result.outcome !== 'passed') poll.controller.abort();
			finish(await poll.result);
		}
	}
	for (const poll of waiting.values()) finish(await poll.result);
	// Steps cut short by the stop failed for no fault of the server: no results then.
	options.stop?.throwIfAborted();
	await endOwnSessions(state);
	return options.examples.flatMap((example) => results.get(example.id) ?? []);
}

/**
 * Logs out every session the run opened and the guide's own logout step did
 * not end (the friend's, registered or signed in), so a run leaves no live
 * token on the server. A token the reader gave is theirs and stays signed in.
 */
async function endOwnSessions(state: RunState): Promise<void> {
	const { options } = state;
	for (const account of ['me', 'friend'] as const) {
		const token = state.values[`${account}.accessToken`];
		const start = options.accounts[account];
		const given = start.kind === 'given' ? start.values[`${account}.accessToken`] : undefined;
		if (token === undefined || token === given) continue;
		await signOut(
			account,
			{ [`${account}.accessToken`]: token },
			{
				baseUrl: options.baseUrl,
				sender: { fetch: options.transport.fetch, logger: options.logger },
				examples: options.examples,
				secrets: options.secrets,
			},
		).catch((error: unknown) => {
			options.logger.warn(`Could not log out the run's session of "${account}": ${String(error)}`);
		});
	}
}
