import { valuesAs } from '../../matrix/as-account.ts';
import { buildRequest, type BuildResult, type BuiltRequest } from '../../matrix/build-request.ts';
import type { Account, PlacedExample } from '../../matrix/example.ts';
import { tokenDestinationProblem } from '../../matrix/origin-guard.ts';
import { NetworkError, sendRequest } from '../../matrix/send-request.ts';
import { describeVariable } from '../../matrix/variable-labels.ts';
import { explainNetworkError } from '../explain-network-error.ts';
import type { GuideContext } from '../guide-context.ts';
import { record, textField } from './matrix-event.ts';
import type { RequestLog } from './request-log.ts';

/** How the app adapts one of the guide's examples for one call. */
export interface StepInput {
	/** The account to run as; a step the guide runs as the friend then runs as "me". */
	readonly as?: Account;
	/** Values by variable name, e.g. `roomId`, used in place of the session's. */
	readonly values?: Readonly<Record<string, string>>;
	/** Top-level body fields set to a text, or removed with null; the rest stays. */
	readonly fields?: Readonly<Record<string, string | null>>;
	/** Query values by parameter name, as literal text. */
	readonly query?: Readonly<Record<string, string>>;
	/** Query parameters the example does not have, e.g. `from` for paging. */
	readonly extraQuery?: Readonly<Record<string, string>>;
	/** Generated values to use again, e.g. the same `$txnId` for a retried send. */
	readonly reuse?: Readonly<Record<string, string>>;
	readonly signal?: AbortSignal;
}

/** The homeserver answered (with any status). */
export interface StepAnswer {
	readonly kind: 'answer';
	readonly example: PlacedExample;
	readonly request: BuiltRequest;
	readonly status: number;
	readonly headers: Readonly<Record<string, string>>;
	readonly json: unknown;
	/** Whether the status is the one the guide's example expects, e.g. 200. */
	readonly expected: boolean;
}

/** Nothing came back: not sent, refused by the browser, unreachable or cancelled. */
export interface StepFailure {
	readonly kind: 'failure';
	readonly example: PlacedExample | null;
	readonly request: BuiltRequest | null;
	/** A short sentence for the app; the log has the long explanation. */
	readonly reason: string;
	readonly aborted: boolean;
	/** True when the network failed: trying again may work. */
	readonly retryable: boolean;
}

/** What running a step gave. */
export type StepResult = StepAnswer | StepFailure;

/**
 * Runs the guide's examples for the app: the same definitions the panels run,
 * with the app's values put in. Every call goes to the request log.
 */
export class StepRunner {
	readonly #context: GuideContext;
	readonly #log: RequestLog;
	/** Told when the homeserver rejects the token, whichever call found out. */
	onTokenRejected: (example: PlacedExample) => void = () => {};

	constructor(context: GuideContext, log: RequestLog) {
		this.#context = context;
		this.#log = log;
	}

	/** The example with this id, which the guide must have. */
	example(id: string): PlacedExample | undefined {
		return this.#context.byId.get(id);
	}

	/** Builds and sends one example; never throws. */
	async run(id: string, input: StepInput = {}): Promise<StepResult> {
		const example = this.example(id);
		if (!example) {
			return failure(null, null, `The guide has no step “${id}”, which the app needs.`);
		}
		let built: BuildResult;
		try {
			built = this.#build(example, input);
		} catch (error) {
			// Only a guide example whose body is not JSON gets here.
			return failure(example, null, `The step “${id}” could not be built: ${String(error)}`);
		}
		if (!built.ok) {
			const needs = built.missing.map((name) => describeVariable(name)).join(', ');
			return failure(example, null, `Not sent: it needs ${needs}.`);
		}
		const request = built.request;
		const { store } = this.#context;
		const entry = this.#log.begin(example, request, store.baseUrl, this.#secrets(request));

		const refusal = tokenDestinationProblem(request.url, store.baseUrl, request.headers);
		if (refusal) {
			entry.failed(refusal);
			return failure(example, request, refusal);
		}
		try {
			const result = await sendRequest(request, (url, init) => fetch(url, init), input.signal);
			entry.answered(result);
			if (textField(result.json, 'errcode') === 'M_UNKNOWN_TOKEN') {
				this.onTokenRejected(example);
			}
			return {
				kind: 'answer',
				example,
				request,
				status: result.status,
				headers: result.headers,
				json: result.json,
				expected: result.status === example.expect.status,
			};
		} catch (error) {
			const aborted =
				error instanceof NetworkError ? error.aborted : input.signal?.aborted === true;
			const long =
				error instanceof NetworkError
					? explainNetworkError(error, store.baseUrl)
					: `The request could not be sent: ${String(error)}`;
			if (aborted) entry.cancelled();
			else entry.failed(long);
			const reason = aborted ? 'Cancelled.' : `No answer from ${store.baseUrl}.`;
			return failure(example, request, reason, aborted, !aborted);
		}
	}

	#build(example: PlacedExample, input: StepInput): BuildResult {
		const own = this.#context.store.values();
		const values = input.as ? valuesAs(example, input.as, own) : own;
		// The app's own texts go in as values, never into a template: a message
		// that reads "{{me.accessToken}}" must be sent as written, not filled in.
		const overrides: Record<string, string> = { ...input.values };
		const query: Record<string, string> = {};
		for (const [index, [name, value]] of Object.entries(input.query ?? {}).entries()) {
			query[name] = `{{app.query${index}}}`;
			overrides[`app.query${index}`] = value;
		}
		const extraQuery: Record<string, string> = {};
		for (const [index, [name, value]] of Object.entries(input.extraQuery ?? {}).entries()) {
			extraQuery[name] = `{{app.extra${index}}}`;
			overrides[`app.extra${index}`] = value;
		}
		const body = input.fields ? bodyWith(example, input.fields, overrides) : undefined;
		return buildRequest(example, values, {
			overrides,
			query,
			extraQuery,
			...(body !== undefined && { body }),
			...(input.reuse && { reuse: input.reuse }),
		});
	}

	// What the log masks: the session's secrets and the token this request carries.
	#secrets(request: BuiltRequest): string[] {
		const bearer = Object.entries(request.headers)
			.filter(([name]) => name.toLowerCase() === 'authorization')
			.map(([, value]) => value.replace(/^Bearer\s+/i, ''));
		return [...this.#context.store.secrets(), ...bearer];
	}
}

// The example's body with some top-level fields replaced by placeholders for
// the app's values, or removed; everything else is the guide's, as written.
function bodyWith(
	example: PlacedExample,
	fields: Readonly<Record<string, string | null>>,
	overrides: Record<string, string>,
): string {
	const parsed = record(JSON.parse(example.body ?? '{}')) ?? {};
	for (const [index, [name, value]] of Object.entries(fields).entries()) {
		if (value === null) {
			delete parsed[name];
			continue;
		}
		parsed[name] = `{{app.field${index}}}`;
		overrides[`app.field${index}`] = value;
	}
	return JSON.stringify(parsed, null, 2);
}

function failure(
	example: PlacedExample | null,
	request: BuiltRequest | null,
	reason: string,
	aborted = false,
	retryable = false,
): StepFailure {
	return { kind: 'failure', example, request, reason, aborted, retryable };
}

/** A Matrix error answer in one sentence: status, errcode and the server's words. */
export function answerProblem(answer: StepAnswer): string {
	const errcode = textField(answer.json, 'errcode');
	const error = textField(answer.json, 'error');
	const code = errcode ? ` (${errcode})` : '';
	return `The homeserver answered ${answer.status}${code}${error ? `: ${error}` : '.'}`;
}

/** The errcode of an answer, if it is a Matrix error. */
export function errcodeOf(result: StepResult): string | undefined {
	return result.kind === 'answer' ? textField(result.json, 'errcode') : undefined;
}
