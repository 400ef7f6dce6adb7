import { forbidden, notFound } from '../errors.ts';
import { readSyncFilter } from '../filter.ts';
import { ok, type AuthedInput, type Reply, type Route } from '../router.ts';

function requireSelf({ params, requester }: AuthedInput): string {
	const userId = params['userId'] ?? '';
	if (userId !== requester.userId) {
		throw forbidden(`You can only use filters of your own user, ${requester.userId}.`);
	}
	return userId;
}

function createFilter(input: AuthedInput): Reply {
	const userId = requireSelf(input);
	readSyncFilter(input.body);
	return ok({ filter_id: input.ctx.store.addFilter(userId, input.body) });
}

function getFilter(input: AuthedInput): Reply {
	const userId = requireSelf(input);
	const filterId = input.params['filterId'] ?? '';
	const filter = input.ctx.store.getFilter(userId, filterId);
	if (!filter) throw notFound(`No filter ${filterId} exists for ${userId}.`);
	return ok(filter);
}

/** Uploading and downloading sync filters. */
export const filterRoutes: Route[] = [
	{
		method: 'POST',
		path: '/_matrix/client/v3/user/:userId/filter',
		auth: true,
		body: 'json',
		handle: createFilter,
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/user/:userId/filter/:filterId',
		auth: true,
		body: 'none',
		handle: getFilter,
	},
];
