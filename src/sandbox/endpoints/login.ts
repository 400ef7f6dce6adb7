import { signIn } from '../devices.ts';
import { forbidden, MatrixError, missingParam } from '../errors.ts';
import { optionalBoolean, optionalObject, optionalString, requireString } from '../json.ts';
import { verifyPassword } from '../password.ts';
import { ok, type AuthedInput, type EndpointInput, type Reply, type Route } from '../router.ts';

const badCredentials = () => forbidden('Invalid username or password.');

// Which user a login names: `identifier` (m.id.user), or the deprecated top-level
// `user` that the 2016 guide used. Both take a localpart or a full user ID.
function loginUser(body: EndpointInput['body']): string {
	const identifier = optionalObject(body, 'identifier');
	if (identifier) {
		const type = requireString(identifier, 'type');
		if (type === 'm.id.user') return requireString(identifier, 'user');
		if (type === 'm.id.thirdparty' || type === 'm.id.phone') {
			throw forbidden('No third-party identifiers are bound to accounts on this sandbox.');
		}
		throw new MatrixError(400, 'M_UNKNOWN', `Unknown identifier type "${type}".`);
	}
	const user = optionalString(body, 'user');
	if (user !== undefined) return user;
	if (body['medium'] !== undefined || body['address'] !== undefined) {
		throw forbidden('No third-party identifiers are bound to accounts on this sandbox.');
	}
	throw missingParam('Name the user in "identifier": {"type": "m.id.user", "user": "..."}.');
}

async function login({ ctx, body }: EndpointInput): Promise<Reply> {
	const type = requireString(body, 'type');
	if (type !== 'm.login.password') {
		throw new MatrixError(
			400,
			'M_UNKNOWN',
			`Unsupported login type "${type}"; this server offers m.login.password.`,
		);
	}
	const user = loginUser(body);
	const password = requireString(body, 'password');
	// An empty device_id names no device: a new one is made, as when it is absent.
	const deviceId = optionalString(body, 'device_id') || undefined;
	const deviceName = optionalString(body, 'initial_device_display_name');
	optionalBoolean(body, 'refresh_token');

	// User IDs are case-insensitive at login, as on Synapse.
	const userId = (user.startsWith('@') ? user : `@${user}:${ctx.serverName}`).toLowerCase();
	const record = ctx.store.getUser(userId);
	if (!record?.passwordHash) throw badCredentials();
	if (!(await verifyPassword(password, record.passwordHash))) throw badCredentials();

	// After the await, so outside the request's transaction: it needs its own.
	return ok(ctx.store.transaction(() => signIn(ctx, userId, deviceId, deviceName)));
}

function logout({ ctx, requester }: AuthedInput): Reply {
	ctx.store.deleteDevice(requester.userId, requester.deviceId);
	return ok({});
}

function logoutAll({ ctx, requester }: AuthedInput): Reply {
	ctx.store.deleteAllDevices(requester.userId);
	return ok({});
}

/** Password login, logout and whoami. */
export const loginRoutes: Route[] = [
	{
		method: 'GET',
		path: '/_matrix/client/v3/login',
		auth: false,
		body: 'none',
		handle: () => ok({ flows: [{ type: 'm.login.password' }] }),
	},
	{ method: 'POST', path: '/_matrix/client/v3/login', auth: false, body: 'json', handle: login },
	{
		method: 'POST',
		path: '/_matrix/client/v3/logout',
		auth: true,
		body: 'json-or-empty',
		handle: logout,
	},
	{
		method: 'POST',
		path: '/_matrix/client/v3/logout/all',
		auth: true,
		body: 'json-or-empty',
		handle: logoutAll,
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/account/whoami',
		auth: true,
		body: 'none',
		handle: ({ requester }) =>
			ok({ user_id: requester.userId, device_id: requester.deviceId, is_guest: false }),
	},
];
