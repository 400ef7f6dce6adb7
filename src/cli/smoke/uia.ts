import { readPath } from '../../matrix/json-path.ts';

/** The user-interactive auth stages the run can complete on its own. */
export const dummyStage = 'm.login.dummy';
export const tokenStage = 'm.login.registration_token';

/** The flow the run will complete, or why it cannot register. */
export type FlowChoice =
	| { readonly ok: true; readonly stages: readonly string[] }
	| {
			readonly ok: false;
			/** What is in the way: no flows listed, a token not given, or stages beyond a script. */
			readonly need: 'flows' | 'token' | 'stages';
			readonly reason: string;
	  };

/** Where a registration token can be given, for messages. */
export const registrationTokenHint =
	'pass --registration-token or set MATRIX_HOWTO_REGISTRATION_TOKEN';

/**
 * Picks, from a 401's `flows`, the shortest flow made only of stages the run
 * can complete: the dummy stage, and the registration-token stage when it has
 * a token. Says which stage is in the way when there is none.
 */
export function chooseFlow(flows: unknown, registrationToken: string | undefined): FlowChoice {
	const lists = (Array.isArray(flows) ? flows : [])
		.map((flow) => readPath(flow, ['stages']))
		.filter((stages): stages is string[] => Array.isArray(stages))
		.map((stages) => stages.filter((stage) => typeof stage === 'string'));
	if (lists.length === 0) {
		return { ok: false, need: 'flows', reason: 'the server lists no registration flows' };
	}

	const can = (stage: string) =>
		stage === dummyStage || (stage === tokenStage && registrationToken !== undefined);
	const usable = lists.filter((stages) => stages.every(can));
	usable.sort((a, b) => a.length - b.length);
	const best = usable[0];
	if (best) return { ok: true, stages: best };

	const onlyNeedToken = lists.some((stages) =>
		stages.every((stage) => stage === dummyStage || stage === tokenStage),
	);
	if (onlyNeedToken) {
		return {
			ok: false,
			need: 'token',
			reason: `registration needs a registration token (${tokenStage}); ` + registrationTokenHint,
		};
	}
	const blocking = [...new Set(lists.flat().filter((stage) => !can(stage)))];
	return {
		ok: false,
		need: 'stages',
		reason:
			`registration needs stages the smoke test cannot complete (${blocking.join(', ')}); ` +
			'give existing accounts with --user or MATRIX_HOWTO_ACCESS_TOKEN',
	};
}

/** The `auth` object that completes one stage within a session. */
export function authFor(
	stage: string,
	session: string,
	registrationToken: string | undefined,
): Record<string, string> {
	if (stage === tokenStage) return { type: stage, token: registrationToken ?? '', session };
	return { type: stage, session };
}
