import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
	startSandbox,
	type RunningSandbox,
	type SandboxOptions,
} from '../../src/sandbox/server.ts';
import { specProblems } from './spec-check.ts';

/** A response as the tests look at it. */
export interface Answer {
	status: number;
	headers: Headers;
	// Responses are JSON objects of many shapes; tests index into them freely.
	body: any;
}

/** What `call` can send. */
export interface CallOptions {
	token?: string;
	/** Serialised as JSON with a JSON Content-Type. */
	json?: unknown;
	/** Sent as is, with no Content-Type unless given in `headers`. */
	raw?: string;
	headers?: Record<string, string>;
}

/**
 * One request to the sandbox; the body is parsed as JSON when there is one. The
 * answer is checked against the spec's response schema for its status, when the
 * spec is on this machine, so a test fails on an answer the spec does not allow.
 */
export async function call(
	base: string,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<Answer> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
	let body: string | undefined;
	if (options.json !== undefined) {
		headers['Content-Type'] ??= 'application/json';
		body = JSON.stringify(options.json);
	} else if (options.raw !== undefined) {
		body = options.raw;
	}
	const res = await fetch(`${base}${path}`, {
		method,
		headers,
		...(body !== undefined && { body }),
	});
	const text = await res.text();
	const answer = {
		status: res.status,
		headers: res.headers,
		body: text ? JSON.parse(text) : undefined,
	};
	const problems = specProblems(method, path, answer.status, answer.body);
	assert.equal(problems, null, problems ?? '');
	return answer;
}

/** Asserts that an answer is the error the spec names: its HTTP status and errcode. */
export function assertError(answer: Answer, status: number, errcode: string, note = ''): void {
	const shown = `${note} ${JSON.stringify(answer.body)}`.trim();
	assert.equal(answer.status, status, shown);
	assert.equal(answer.body?.errcode, errcode, shown);
}

/** An account signed in on one device. */
export interface TestUser {
	userId: string;
	accessToken: string;
	deviceId: string;
}

let counter = 0;

/** A username no other test uses. */
export const uniqueName = (prefix = 'user') =>
	`${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;

/** The password every test account gets. */
export const testPassword = 'correct horse battery staple';

/** Registers through the two-step user-interactive auth flow. */
export async function register(base: string, username = uniqueName()): Promise<TestUser> {
	const body = { username, password: testPassword };
	const first = await call(base, 'POST', '/_matrix/client/v3/register', { json: body });
	assert.equal(first.status, 401);
	const second = await call(base, 'POST', '/_matrix/client/v3/register', {
		json: { ...body, auth: { type: 'm.login.dummy', session: first.body.session } },
	});
	assert.equal(second.status, 200, JSON.stringify(second.body));
	return {
		userId: second.body.user_id,
		accessToken: second.body.access_token,
		deviceId: second.body.device_id,
	};
}

/** Creates a room and returns its ID. */
export async function createRoom(base: string, user: TestUser, json: object = {}): Promise<string> {
	const answer = await call(base, 'POST', '/_matrix/client/v3/createRoom', {
		token: user.accessToken,
		json,
	});
	assert.equal(answer.status, 200, JSON.stringify(answer.body));
	return answer.body.room_id;
}

let txn = 0;

/** Sends an m.text message and returns its event ID. */
export async function sendText(base: string, user: TestUser, roomId: string, body: string) {
	const answer = await call(
		base,
		'PUT',
		`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${++txn}`,
		{ token: user.accessToken, json: { msgtype: 'm.text', body } },
	);
	assert.equal(answer.status, 200, JSON.stringify(answer.body));
	return answer.body.event_id as string;
}

/** The `content.body` of each event, for comparing timelines and pages in one line. */
export const bodiesOf = (events: Array<{ content: { body?: unknown } }>) =>
	events.map((event) => event.content.body);

/** `GET /rooms/{roomId}/messages?{query}` as `user`. */
export const getMessages = (base: string, user: TestUser, roomId: string, query: string) =>
	call(base, 'GET', `${roomPath(roomId)}/messages?${query}`, { token: user.accessToken });

/** `/rooms/{roomId}` with the room ID encoded for a path. */
export const roomPath = (roomId: string) =>
	`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}`;

/** What `useSandbox` gives a suite: filled in by its `before` hook, closed after. */
export interface SuiteSandbox {
	sandbox: RunningSandbox;
	alice: TestUser;
	bob: TestUser;
	carol: TestUser;
}

/**
 * Starts a sandbox on a free port before a suite's tests and closes it after,
 * registering the first `users` of alice, bob and carol. The objects exist at
 * once and are filled in place, so a suite can destructure them up front.
 */
export function useSandbox(options: SandboxOptions & { users?: number } = {}): SuiteSandbox {
	const { users = 0, ...sandboxOptions } = options;
	const suite: SuiteSandbox = {
		sandbox: {} as RunningSandbox,
		alice: {} as TestUser,
		bob: {} as TestUser,
		carol: {} as TestUser,
	};
	before(async () => {
		Object.assign(suite.sandbox, await startSandbox({ port: 0, ...sandboxOptions }));
		const people = [suite.alice, suite.bob, suite.carol].slice(0, users);
		const registered = await Promise.all(people.map(() => register(suite.sandbox.url)));
		people.forEach((person, index) => Object.assign(person, registered[index]));
	});
	after(() => suite.sandbox.close());
	return suite;
}
