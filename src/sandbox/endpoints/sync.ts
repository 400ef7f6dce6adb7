import type { Requester, SandboxContext } from '../context.ts';
import { badJson, invalidParam } from '../errors.ts';
import { readSyncFilter, type SyncFilter } from '../filter.ts';
import { isJsonObject, parseJson } from '../json.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';
import { buildSync } from '../sync-response.ts';
import { parseStreamToken } from '../tokens.ts';

/** The longest a /sync long-poll is held open, whatever `timeout` asks. */
export const maxSyncTimeoutMs = 5 * 60 * 1000;

// `filter` is inline JSON when it starts with `{`, else the ID of a stored filter.
function resolveFilter(ctx: SandboxContext, requester: Requester, raw: string | null): SyncFilter {
	if (raw === null) return {};
	if (raw.startsWith('{')) {
		// M_NOT_JSON when it does not parse, as on Synapse.
		const value = parseJson(raw, 'The "filter" parameter');
		if (!isJsonObject(value)) throw badJson('The "filter" parameter must be a JSON object.');
		return readSyncFilter(value);
	}
	const stored = ctx.store.getFilter(requester.userId, raw);
	if (!stored) {
		throw invalidParam(
			`No filter with ID "${raw}" exists for ${requester.userId}; ` +
				'create one with POST /user/{userId}/filter, or pass the filter as JSON.',
		);
	}
	return readSyncFilter(stored);
}

function readBoolean(query: URLSearchParams, name: string): boolean {
	const raw = query.get(name);
	if (raw === null || raw === 'false') return false;
	if (raw === 'true') return true;
	throw invalidParam(`"${name}" must be "true" or "false", not "${raw}".`);
}

function readTimeout(query: URLSearchParams): number {
	const raw = query.get('timeout');
	if (raw === null) return 0;
	if (!/^\d{1,15}$/.test(raw)) {
		throw invalidParam(`"timeout" must be a whole number of milliseconds, not "${raw}".`);
	}
	return Math.min(Number(raw), maxSyncTimeoutMs);
}

const presenceValues = ['offline', 'online', 'unavailable'];

// Answers at once when there is news, when this is an initial sync, or for
// full_state; otherwise waits until the notifier says something happened for
// this user, or until `timeout` runs out.
async function sync({ ctx, query, requester, signal }: AuthedInput): Promise<Reply> {
	const filter = resolveFilter(ctx, requester, query.get('filter'));
	const sinceRaw = query.get('since');
	const since =
		sinceRaw === null ? undefined : parseStreamToken(sinceRaw, 'since', ctx.store.streamPosition());
	const fullState = readBoolean(query, 'full_state');
	const presence = query.get('set_presence');
	if (presence !== null && !presenceValues.includes(presence)) {
		throw invalidParam(`"set_presence" must be one of ${presenceValues.join(', ')}.`);
	}
	readBoolean(query, 'use_state_after');
	const timeout = readTimeout(query);

	const deadline = performance.now() + timeout;
	for (;;) {
		const result = buildSync(ctx, { requester, since, filter, fullState });
		const remaining = deadline - performance.now();
		const answerNow = result.hasUpdates || since === undefined || fullState || remaining <= 0;
		if (answerNow || ctx.notifier.closed || signal.aborted) return ok(result.body);
		await ctx.notifier.wait(requester.userId, remaining, signal);
	}
}

/** `GET /sync`, with long-polling. */
export const syncRoutes: Route[] = [
	{ method: 'GET', path: '/_matrix/client/v3/sync', auth: true, body: 'none', handle: sync },
];
