import { createHash, timingSafeEqual } from 'node:crypto';
import type { SandboxContext } from '../context.ts';
import { signIn } from '../devices.ts';
import { forbidden, invalidParam, MatrixError, missingParam } from '../errors.ts';
import { localpartPattern, maxIdBytes, newLocalpart, newSessionId } from '../ids.ts';
import { optionalBoolean, optionalObject, optionalString, type JsonObject } from '../json.ts';
import { hashPassword } from '../password.ts';
import { ok, type EndpointInput, type Reply, type Route } from '../router.ts';
import type { UiaSession } from '../store.ts';

/** How long an unfinished registration session lives. */
export const uiaSessionLifetimeMs = 10 * 60 * 1000;

const dummyStage = 'm.login.dummy';
const tokenStage = 'm.login.registration_token';

// Open registration is one dummy stage, which any client can complete. With a
// token, Synapse puts its stage before the dummy one, and so does the sandbox.
function flowsOf(ctx: SandboxContext): Array<{ stages: string[] }> {
	if (ctx.registration === 'token') return [{ stages: [tokenStage, dummyStage] }];
	return [{ stages: [dummyStage] }];
}

/** 403 unless the sandbox was started with registration open or by token. */
function requireRegistrationAllowed(ctx: SandboxContext) {
	if (ctx.registration === 'closed') {
		throw forbidden(
			'Registration is disabled: this sandbox was started with registration closed. ' +
				'Log in with an existing account instead.',
		);
	}
}

// Compares digests, so neither the time taken nor a length check says how close a guess was.
function tokenMatches(ctx: SandboxContext, given: string): boolean {
	if (ctx.registration !== 'token' || ctx.registrationToken === undefined) return false;
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(given), digest(ctx.registrationToken));
}

const invalidUsername = (error: string) => new MatrixError(400, 'M_INVALID_USERNAME', error);

/** Checks a requested username against the grammar and the taken IDs; returns the user ID. */
export function checkUsername(ctx: SandboxContext, username: string): string {
	if (!localpartPattern.test(username)) {
		throw invalidUsername(
			`"${username}" is not a valid username: ` + 'use lower-case letters, digits and ._=-/+ only.',
		);
	}
	const userId = `@${username}:${ctx.serverName}`;
	if (Buffer.byteLength(userId) > maxIdBytes) {
		throw invalidUsername(`${userId} is longer than ${maxIdBytes} bytes.`);
	}
	if (ctx.store.getUser(userId)) {
		throw new MatrixError(400, 'M_USER_IN_USE', `The user ID ${userId} is already taken.`);
	}
	return userId;
}

interface RegisterParams {
	username: string | undefined;
	password: string | undefined;
	deviceId: string | undefined;
	deviceName: string | undefined;
	inhibitLogin: boolean;
}

function readParams(body: JsonObject): RegisterParams {
	optionalBoolean(body, 'refresh_token');
	return {
		username: optionalString(body, 'username'),
		password: optionalString(body, 'password'),
		// An empty device_id names no device: a new one is made, as when it is absent.
		deviceId: optionalString(body, 'device_id') || undefined,
		deviceName: optionalString(body, 'initial_device_display_name'),
		inhibitLogin: optionalBoolean(body, 'inhibit_login') ?? false,
	};
}

const needAuth = (ctx: SandboxContext, session: UiaSession, extra: JsonObject = {}): Reply => ({
	status: 401,
	body: { flows: flowsOf(ctx), params: {}, session: session.sessionId, ...extra },
});

// One stage of `auth`: the session records it when it passes; a wrong token is a
// failed stage, which the spec answers with 401, the flows and an errcode.
function completeStage(
	ctx: SandboxContext,
	session: UiaSession,
	auth: JsonObject,
	stage: string,
): UiaSession | Reply {
	const offered = flowsOf(ctx).some((flow) => flow.stages.includes(stage));
	if (!offered) {
		throw new MatrixError(
			400,
			'M_UNKNOWN',
			`Unknown auth type "${stage}"; this server offers ${flowsOf(ctx)[0]?.stages.join(', ')}.`,
		);
	}
	if (stage === tokenStage) {
		const token = auth['token'];
		if (typeof token !== 'string') throw missingParam(`${tokenStage} needs "token" as a string.`);
		if (!tokenMatches(ctx, token)) {
			return needAuth(ctx, session, {
				completed: session.completed,
				errcode: 'M_UNAUTHORIZED',
				error: 'Invalid registration token.',
			});
		}
	}
	if (session.completed.includes(stage)) return session;
	const next = { ...session, completed: [...session.completed, stage] };
	ctx.store.putUiaSession(next);
	return next;
}

async function register({ ctx, body, query }: EndpointInput): Promise<Reply> {
	const kind = query.get('kind') ?? 'user';
	if (kind === 'guest') throw forbidden('Guest registration is disabled on this sandbox.');
	if (kind !== 'user') throw invalidParam(`Unknown account kind "${kind}"; use "user".`);
	requireRegistrationAllowed(ctx);

	const now = ctx.now();
	ctx.store.deleteUiaSessionsBefore(now - uiaSessionLifetimeMs);
	const auth = optionalObject(body, 'auth');
	const { auth: _auth, ...sent } = body;

	let session: UiaSession | undefined;
	const sessionId = auth ? optionalString(auth, 'session') : undefined;
	if (sessionId !== undefined) {
		session = ctx.store.getUiaSession(sessionId);
		// Synapse's answer too; the client has to start over without `auth`.
		if (!session) {
			throw new MatrixError(
				400,
				'M_UNKNOWN',
				`Unknown session ID: ${sessionId}. ` +
					'It may have expired; register again without "auth".',
			);
		}
	}
	// A follow-up call may send only `auth`; the parameters of the first call count then.
	const fields = Object.keys(sent).length > 0 || !session ? sent : session.params;
	const params = readParams(fields);
	// Checked before any auth stage, as the spec requires, so a taken name fails at once.
	if (params.username !== undefined) checkUsername(ctx, params.username);

	if (!session) {
		session = { sessionId: newSessionId(), createdAt: now, completed: [], params: fields };
		ctx.store.putUiaSession(session);
	} else {
		session = { ...session, params: fields };
		ctx.store.putUiaSession(session);
	}
	if (!auth) return needAuth(ctx, session);

	const stage = optionalString(auth, 'type');
	if (stage !== undefined) {
		const outcome = completeStage(ctx, session, auth, stage);
		if ('status' in outcome) return outcome;
		session = outcome;
	}
	const { completed } = session;
	const done = flowsOf(ctx).some((flow) => flow.stages.every((s) => completed.includes(s)));
	if (!done) return needAuth(ctx, session, { completed });

	return ok(await createAccount(ctx, params, session.sessionId));
}

async function createAccount(
	ctx: SandboxContext,
	params: RegisterParams,
	sessionId: string,
): Promise<JsonObject> {
	if (params.password === undefined) {
		throw missingParam('"password" is required to register an account here.');
	}
	let localpart = params.username;
	let userId = localpart === undefined ? undefined : checkUsername(ctx, localpart);
	while (userId === undefined) {
		localpart = newLocalpart();
		userId = ctx.store.getUser(`@${localpart}:${ctx.serverName}`)
			? undefined
			: `@${localpart}:${ctx.serverName}`;
	}

	const passwordHash = await hashPassword(params.password);
	const newUserId = userId;
	// After the await, so outside the request's transaction: it needs its own.
	return ctx.store.transaction(() => {
		// Checked again: another request may have taken the name while hashing.
		if (ctx.store.getUser(newUserId)) checkUsername(ctx, localpart ?? '');
		ctx.store.addUser({ userId: newUserId, passwordHash, createdAt: ctx.now() });
		// Synapse starts every profile with the localpart as display name.
		ctx.store.setProfile(newUserId, { displayname: localpart ?? newUserId });
		ctx.store.deleteUiaSession(sessionId);

		if (params.inhibitLogin) return { user_id: newUserId };
		return { ...signIn(ctx, newUserId, params.deviceId, params.deviceName) };
	});
}

function tokenValidity({ ctx, query }: EndpointInput): Reply {
	requireRegistrationAllowed(ctx);
	const token = query.get('token');
	if (token === null) throw missingParam('The "token" query parameter is required.');
	return ok({ valid: tokenMatches(ctx, token) });
}

function available({ ctx, query }: EndpointInput): Reply {
	requireRegistrationAllowed(ctx);
	const username = query.get('username');
	if (username === null) throw missingParam('The "username" query parameter is required.');
	checkUsername(ctx, username);
	return ok({ available: true });
}

/** `POST /register` with user-interactive auth, its token check and `/register/available`. */
export const registerRoutes: Route[] = [
	{
		method: 'GET',
		path: `/_matrix/client/v1/register/${tokenStage}/validity`,
		auth: false,
		body: 'none',
		handle: tokenValidity,
	},
	{
		method: 'POST',
		path: '/_matrix/client/v3/register',
		auth: false,
		body: 'json',
		handle: register,
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/register/available',
		auth: false,
		body: 'none',
		handle: available,
	},
];
