import { buildRequest } from '../matrix/build-request.ts';
import type { PlacedExample } from '../matrix/example.ts';
import { readPath } from '../matrix/json-path.ts';
import { NetworkError, sendRequest, type ExchangeResult } from '../matrix/send-request.ts';
import { explainNetworkError } from './explain-network-error.ts';
import type { PickerStep } from './find-homeserver.ts';

/** How long the picker waits for each answer: a server that never answers must not hang it. */
export const checkTimeoutMs = 10_000;

const send = (url: string, method = 'GET', body: string | null = null) =>
	sendRequest(
		{
			method,
			url,
			readableUrl: url,
			headers: body === null ? {} : { 'Content-Type': 'application/json' },
			body,
			generated: {},
		},
		(target, init) => fetch(target, init),
		AbortSignal.timeout(checkTimeoutMs),
	);

/** The sentence for the versions check, and whether the guide's API is there. */
function versionsStep(baseUrl: string, result: ExchangeResult): PickerStep {
	const versions = readPath(result.json, ['versions']);
	if (result.status !== 200 || !Array.isArray(versions)) {
		return {
			state: 'bad',
			text: `${baseUrl}/_matrix/client/versions answered ${result.status} ${result.statusText}; this does not look like a Matrix homeserver. Check the URL.`,
		};
	}
	const list = versions.filter((item): item is string => typeof item === 'string');
	const shown = list.length > 4 ? `${list[0]} … ${list.at(-1)}` : list.join(', ');
	return list.some((version) => /^v1\.\d+$/.test(version))
		? {
				state: 'good',
				text: `${baseUrl} answers: Matrix spec ${shown}.`,
			}
		: {
				state: 'bad',
				text: `${baseUrl} answers, but offers none of the v1.x versions this guide teaches (${shown || 'none'}).`,
			};
}

/** What the guide's account steps will meet here: password login, registration. */
async function accountSteps(
	baseUrl: string,
	examples: readonly PlacedExample[],
): Promise<PickerStep[]> {
	const steps: PickerStep[] = [];
	const values = { baseUrl };
	const flows = examples.find((example) => example.id === 'login-flows');
	const register = examples.find(
		(example) => example.url.endsWith('/register') && example.expect.status === 401,
	);
	const needsAccountApi = examples
		.filter((example) => example.method === 'POST' && /\/(register|login)$/.test(example.url))
		.map((example) => `“${example.title}”`);

	let password = true;
	const login = flows && buildRequest(flows, values);
	if (login?.ok) {
		const answer = await send(login.request.url);
		const types = (readPath(answer.json, ['flows']) as Array<{ type?: unknown }> | undefined) ?? [];
		password = Array.isArray(types) && types.some((flow) => flow?.type === 'm.login.password');
		steps.push(
			password
				? {
						state: 'good',
						text: 'Password login: offered (GET /login lists m.login.password).',
						short: 'password login offered',
					}
				: {
						state: 'bad',
						text: `Password login: not offered. This server signs people in another way, probably OAuth 2.0 as matrix.org does, so these steps cannot run here: ${needsAccountApi.join(', ')}. Sign in with a Matrix client, then paste its access token into the session bar (“your access token”); it is kept like any other token, and the other steps work with it.`,
					},
		);
	}
	// The first registration request with no account details only asks for the flows.
	const probe = register && buildRequest(register, values, { body: '{}' });
	if (probe?.ok && password) {
		const answer = await send(probe.request.url, 'POST', '{}');
		const stages = JSON.stringify(readPath(answer.json, ['flows']) ?? []);
		if (answer.status === 401 && stages.includes('m.login.registration_token')) {
			steps.push({
				state: 'info',
				text: "Registration: needs a registration token from the server's admin (stage m.login.registration_token); the guide's dummy stage will not be enough.",
			});
		} else if (answer.status === 401 && stages.includes('m.login.dummy')) {
			steps.push({
				state: 'good',
				text: 'Registration: open (the m.login.dummy stage is offered).',
				short: 'registration open.',
			});
		} else if (answer.status === 401) {
			steps.push({
				state: 'info',
				text: `Registration: asks for stages this guide does not complete (${stages}).`,
			});
		} else {
			steps.push({
				state: 'bad',
				text: `Registration: closed (${answer.status}). Log in to an existing account instead, or paste an access token into the session bar.`,
			});
		}
	}
	return steps;
}

/** Checks a base URL: the versions it serves, then what the guide can do there. */
export async function inspectHomeserver(
	baseUrl: string,
	examples: readonly PlacedExample[],
	report: (step: PickerStep) => void,
): Promise<boolean> {
	let versions: ExchangeResult;
	try {
		versions = await send(`${baseUrl}/_matrix/client/versions`);
	} catch (error) {
		let text =
			error instanceof NetworkError && error.aborted
				? `No answer from ${baseUrl} within ${checkTimeoutMs / 1000} s: something accepts connections there but does not answer. Check the address, or whether the server is stuck.`
				: error instanceof NetworkError
					? explainNetworkError(error, baseUrl)
					: String(error);
		const local = /^https:\/\/((?:localhost|127\.[\d.]+|\[::1\])(?::\d+)?)(?:\/|$)/i.exec(baseUrl);
		if (local) {
			text += ` A homeserver on this machine usually speaks plain http: try http://${local[1]}.`;
		}
		report({ state: 'bad', text });
		return false;
	}
	const step = versionsStep(baseUrl, versions);
	report(step);
	if (step.state !== 'good') return false;
	try {
		for (const item of await accountSteps(baseUrl, examples)) report(item);
	} catch (error) {
		report({ state: 'info', text: `Could not check login and registration: ${String(error)}` });
	}
	return true;
}
