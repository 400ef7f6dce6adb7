import { buildRequest } from '../../matrix/build-request.ts';
import { dynamicValues } from '../../matrix/dynamic-values.ts';
import type { Account, PlacedExample } from '../../matrix/example.ts';
import { readPath } from '../../matrix/json-path.ts';
import { needAccounts } from './need-accounts.ts';
import { describeAnswer, sendBeforeSteps, type Sender } from './probe.ts';
import type { Secrets } from './secrets.ts';
import { startingValues } from './starting-values.ts';
import { stepKind } from './step-kind.ts';
import { chooseFlow } from './uia.ts';

/** What checking registration needs to know. */
export interface RegistrationCheckOptions {
	readonly baseUrl: string;
	readonly sender: Sender;
	readonly examples: readonly PlacedExample[];
	readonly registrationToken: string | undefined;
	readonly secrets: Secrets;
}

const describeFlows = (flows: readonly unknown[]) => {
	const each = flows.map((flow) => {
		const stages = readPath(flow, ['stages']);
		return Array.isArray(stages) ? stages.join(' → ') : '(no stages)';
	});
	if (each.length === 0) return 'no flows';
	return each.length === 1 ? `the flow ${each[0]}` : `the flows ${each.join(', or ')}`;
};

/**
 * Sends the guide's own "Ask to register" step once, before the steps run, so
 * that a server where `accounts` cannot be registered stops the run with what
 * to give, instead of skipping nearly every step. An answer this does not
 * decide on (neither 403 nor a 401 with flows) is left to the step itself,
 * which shows it as a failure.
 */
export async function checkRegistration(
	accounts: readonly Account[],
	options: RegistrationCheckOptions,
): Promise<void> {
	const { baseUrl, examples, secrets } = options;
	const example = examples.find(
		(item) => item.account === accounts[0] && stepKind(item) === 'register-start',
	);
	if (!example) throw new Error(`The guide has no registration step for "${accounts[0]}".`);
	const values = startingValues({ examples, baseUrl, seeded: {}, dynamic: dynamicValues, secrets });
	const built = buildRequest(example, values);
	if (!built.ok) throw new Error(`The registration step needs ${built.missing.join(', ')}.`);

	const exchange = await sendBeforeSteps(built.request, options.sender);
	if (exchange.status === 403) {
		const said = describeAnswer(exchange, 80);
		const cause = `Registration is closed on ${baseUrl}: POST /register answered ${said}`;
		throw needAccounts(cause, accounts, { token: false, passwordLogin: true });
	}
	const flows = readPath(exchange.json, ['flows']);
	if (exchange.status !== 401 || !Array.isArray(flows)) return;
	const flow = chooseFlow(flows, options.registrationToken);
	if (flow.ok) return;

	const offered = `POST /register answered HTTP 401 with ${describeFlows(flows)}`;
	const cause = {
		token: `Registration on ${baseUrl} needs a registration token, and none was given: ${offered}`,
		stages: `Registration on ${baseUrl} needs stages the smoke test cannot complete: ${offered}`,
		flows: `Registration on ${baseUrl} offers no way to register: ${offered}`,
	}[flow.need];
	throw needAccounts(cause, accounts, { token: flow.need === 'token', passwordLogin: true });
}
