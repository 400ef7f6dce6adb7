import assert from 'node:assert/strict';

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

/** One request to the sandbox; the body is parsed as JSON when there is one. */
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
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
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

/** `/rooms/{roomId}` with the room ID encoded for a path. */
export const roomPath = (roomId: string) =>
	`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}`;
