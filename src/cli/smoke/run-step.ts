import { buildRequest, type BuiltRequest } from '../../matrix/build-request.ts';
import { captureValues } from '../../matrix/capture.ts';
import { checkResponse } from '../../matrix/check-response.ts';
import type { PlacedExample } from '../../matrix/example.ts';
import { readPath } from '../../matrix/json-path.ts';
import { NetworkError, type ExchangeResult } from '../../matrix/send-request.ts';
import { isSecretVariable } from '../../matrix/variables.ts';
import { checkLongPoll } from './check-long-poll.ts';
import { checkShape } from './check-shape.ts';
import { completeRegistration } from './complete-registration.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { describeAnswer } from './probe.ts';
import type { RunState } from './run-state.ts';
import { sendStep } from './send-step.ts';
import { accountSkipReason, missingValueReason } from './skip-reason.ts';
import { stepKind } from './step-kind.ts';
import type { StepResult } from './step-result.ts';
import { chooseFlow, dummyStage } from './uia.ts';

const queryValue = (request: BuiltRequest, name: string) =>
	new URL(request.url).searchParams.get(name);

/** The `timeout` a request asks the server to wait, in ms; 0 for none. */
function waitOf(request: BuiltRequest): number {
	const timeout = Number(queryValue(request, 'timeout') ?? 0);
	return Number.isFinite(timeout) && timeout > 0 ? timeout : 0;
}

/** Stores what a passed step captured; secrets are remembered for redaction first. */
function keep(state: RunState, captured: Record<string, string>) {
	for (const [name, value] of Object.entries(captured)) {
		if (isSecretVariable(name)) state.options.secrets.add(value);
	}
	Object.assign(state.values, captured);
}

/** Checks the answer like the guide's panel, then the shape and the long-poll's timing. */
function problemsOf(
	state: RunState,
	example: PlacedExample,
	request: BuiltRequest,
	exchange: ExchangeResult,
	startedAt: number,
): string[] {
	const problems = checkResponse(example, exchange.status, exchange.json, state.values);
	// With the wrong status, missing fields are no news: the status line says it all.
	if (exchange.status !== example.expect.status) {
		return [`${problems[0] ?? ''}: ${describeAnswer(exchange)}`];
	}
	problems.push(...checkShape(example, exchange.status, exchange.json));
	const waitMs = waitOf(request);
	if (example.wokenBy && waitMs > 0) {
		const wokenAt = state.sentAt.get(example.wokenBy);
		problems.push(
			...checkLongPoll(exchange.json, {
				timeoutMs: waitMs,
				ms: exchange.ms,
				since: queryValue(request, 'since'),
				wokenBy: example.wokenBy,
				answeredBeforeWaker: wokenAt === undefined || startedAt + exchange.ms < wokenAt,
			}),
		);
	}
	return problems;
}

/** The result of a step that was not sent, and why. */
export function skippedStep(example: PlacedExample, reason: string): StepResult {
	return {
		id: example.id,
		title: example.title,
		page: example.page,
		pageTitle: example.pageTitle,
		outcome: 'skipped',
		method: example.method,
		url: null,
		status: null,
		ms: 0,
		problems: [],
		reason,
		notes: [],
	};
}

/** Runs one guide step: decides whether it can, sends it, checks and captures. */
export async function runStep(
	state: RunState,
	example: PlacedExample,
	signal?: AbortSignal,
): Promise<StepResult> {
	const started = performance.now();
	const kind = stepKind(example);
	const account = example.account;
	const notes: string[] = [];
	const result = (fields: Partial<StepResult> & Pick<StepResult, 'outcome'>): StepResult => ({
		...skippedStep(example, ''),
		ms: performance.now() - started,
		reason: null,
		notes,
		...fields,
	});

	const blocked = accountSkipReason(example, state);
	if (blocked) return skippedStep(example, blocked);
	const built = buildRequest(example, state.values, { dynamic: state.dynamic });
	if (!built.ok) return skippedStep(example, missingValueReason(built.missing, state));
	const { request } = built;
	const url = request.readableUrl;

	const waitMs = waitOf(request);
	const { transport } = state.options;
	const fetcher = waitMs > 0 ? transport.fetchWaiting(waitMs) : transport.fetch;
	let exchange: ExchangeResult;
	state.sentAt.set(example.id, started);
	try {
		exchange =
			kind === 'register-finish'
				? await completeRegistration(state, example, request, fetcher, notes)
				: await sendStep(state, request, fetcher, notes, signal);
	} catch (error) {
		if (!(error instanceof NetworkError)) throw error;
		if (error.aborted) {
			const waker = example.wokenBy ?? 'the step that wakes it';
			const how = state.outcomes.get(waker) === 'skipped' ? 'was skipped' : 'failed';
			return result({ outcome: 'skipped', url, reason: `not woken: ${waker} ${how}` });
		}
		if (account && kind !== 'other') {
			state.unavailable[account] ??= `"${account}" has no account, as ${example.id} got no answer`;
		}
		return result({ outcome: 'failed', url, problems: [explainNetworkError(error).sentence] });
	}

	const problems = problemsOf(state, example, request, exchange, started);
	if (problems.length > 0) {
		if (account && kind !== 'other' && state.values[`${account}.accessToken`] === undefined) {
			state.unavailable[account] = `"${account}" has no account, as ${example.id} failed`;
		}
		return result({ outcome: 'failed', url, status: exchange.status, problems });
	}
	const captured = captureValues(example, exchange.status, exchange.json, state.values);
	keep(state, captured);
	for (const name of example.forgets) delete state.values[name];

	// The header could not name these accounts by user ID; the step that learns it does.
	const userId = account ? captured[`${account}.userId`] : undefined;
	if (userId && kind === 'register-finish') notes.push(`registered ${userId}`);
	if (userId && kind === 'password-login') notes.push(`signed in as ${userId}`);

	if (example.wokenBy && waitMs > 0) {
		notes.push(
			`answered after ${Math.round(exchange.ms)} ms of its ${waitMs} ms timeout, ` +
				`woken by ${example.wokenBy}`,
		);
	}
	if (kind === 'register-start' && account) {
		const flows = readPath(exchange.json, ['flows']);
		const flow = chooseFlow(flows, state.options.registrationToken);
		if (flow.ok) {
			state.stages[account] = flow.stages;
			if (flow.stages.join() !== dummyStage) {
				notes.push(`registration flow: ${flow.stages.join(' → ')}`);
			}
		} else {
			state.unavailable[account] = flow.reason;
			notes.push(flow.reason);
		}
	}
	return result({ outcome: 'passed', url, status: exchange.status });
}
