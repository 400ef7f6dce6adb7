import type { JsonObject } from '../json.ts';
import { ok, type Route } from '../router.ts';

// Clients such as matrix-js-sdk read the push rules before their first sync, and
// stop if they cannot. The sandbox sends no notifications, so it answers with a
// few of the spec's predefined rules and accepts no changes.

const rule = (ruleId: string, conditions: JsonObject[], actions: string[], enabled = true) => ({
	rule_id: ruleId,
	default: true,
	enabled,
	conditions,
	actions,
});

const eventMatch = (key: string, pattern: string) => ({ kind: 'event_match', key, pattern });

const pushRules = {
	global: {
		override: [
			rule('.m.rule.master', [], [], false),
			rule('.m.rule.suppress_notices', [eventMatch('content.msgtype', 'm.notice')], []),
			rule('.m.rule.member_event', [eventMatch('type', 'm.room.member')], []),
		],
		content: [],
		room: [],
		sender: [],
		underride: [rule('.m.rule.message', [eventMatch('type', 'm.room.message')], ['notify'])],
	},
};

/** `GET /pushrules/`: a fixed, read-only set of default rules. */
export const pushRuleRoutes: Route[] = [
	'/_matrix/client/v3/pushrules/',
	'/_matrix/client/v3/pushrules',
].map((path): Route => ({
	method: 'GET',
	path,
	auth: true,
	body: 'none',
	handle: () => ok(pushRules),
}));
