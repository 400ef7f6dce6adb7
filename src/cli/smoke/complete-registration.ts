import type { BuiltRequest } from '../../matrix/build-request.ts';
import type { PlacedExample } from '../../matrix/example.ts';
import { readPath } from '../../matrix/json-path.ts';
import type { ExchangeResult, FetchLike } from '../../matrix/send-request.ts';
import type { RunState } from './run-state.ts';
import { sendStep } from './send-step.ts';
import { authFor } from './uia.ts';

/**
 * Runs the guide's "complete registration" step through the flow chosen from
 * the server's 401: one request per stage, each the guide's request with its
 * `auth` object set to that stage and session. When the flow is the one the
 * guide shows (a dummy stage), the guide's request goes out unchanged.
 */
export async function completeRegistration(
	state: RunState,
	example: PlacedExample,
	request: BuiltRequest,
	fetcher: FetchLike,
	notes: string[],
): Promise<ExchangeResult> {
	const stages = example.account === null ? undefined : state.stages[example.account];
	let body: unknown;
	try {
		body = request.body === null ? undefined : JSON.parse(request.body);
	} catch {
		body = undefined;
	}
	const written = readPath(body, ['auth', 'type']);
	if (!stages || body === null || typeof body !== 'object') {
		return sendStep(state, request, fetcher, notes);
	}
	if (stages.length === 1 && stages[0] === written) {
		return sendStep(state, request, fetcher, notes);
	}

	let session = String(readPath(body, ['auth', 'session']) ?? '');
	let exchange: ExchangeResult | undefined;
	for (const [index, stage] of stages.entries()) {
		const auth = authFor(stage, session, state.options.registrationToken);
		const staged = { ...request, body: JSON.stringify({ ...body, auth }) };
		exchange = await sendStep(state, staged, fetcher, notes);
		const position = `${index + 1} of ${stages.length}`;
		notes.push(`auth stage ${position}, ${stage}: HTTP ${exchange.status}`);
		// A 401 with an errcode means the stage failed, e.g. a wrong registration token.
		if (exchange.status !== 401 || readPath(exchange.json, ['errcode']) !== undefined) break;
		const next = readPath(exchange.json, ['session']);
		if (typeof next === 'string') session = next;
	}
	if (!exchange) throw new Error('unreachable: a registration flow without stages');
	return exchange;
}
