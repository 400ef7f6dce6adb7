import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
	ClientEvent,
	createClient,
	MatrixError,
	RoomEvent,
	SyncState,
	type MatrixClient,
	type MatrixEvent,
} from 'matrix-js-sdk';
import type { Logger } from 'matrix-js-sdk/lib/logger.js';
import { testPassword, uniqueName, useSandbox } from './helpers.ts';

// A real client against the sandbox: matrix-js-sdk's own requests, its own sync
// loop, no crypto (the sandbox has no E2EE endpoints, and none is needed here).

// The SDK logs each step of its sync loop; the test's output stays readable without.
const quiet: Logger = {
	trace: () => {},
	debug: () => {},
	info: () => {},
	warn: () => {},
	error: () => {},
	getChild: () => quiet,
};

// matrix-js-sdk never clears its request timeouts (timeoutSignal in http-api/utils.js),
// so each /sync leaves a timer of 80 s or more behind that would hold this test
// process open long after the test. Timers that long are unref'd in this file.
function unrefLongTimers(): () => void {
	const original = globalThis.setTimeout;
	const patched = (handler: () => void, ms?: number, ...args: unknown[]) => {
		const timer: unknown = original(handler, ms, ...args);
		if ((ms ?? 0) >= 60_000) (timer as { unref(): void }).unref();
		return timer;
	};
	globalThis.setTimeout = patched as unknown as typeof setTimeout;
	return () => {
		globalThis.setTimeout = original;
	};
}

async function registerWithSdk(baseUrl: string, username: string): Promise<void> {
	const client = createClient({ baseUrl, logger: quiet });
	const session = await client.registerRequest({ username, password: testPassword }).then(
		() => assert.fail('registration without auth must answer 401'),
		(error: unknown) => {
			assert.ok(error instanceof MatrixError);
			assert.equal(error.httpStatus, 401);
			return String(error.data['session']);
		},
	);
	await client.registerRequest({
		username,
		password: testPassword,
		auth: { type: 'm.login.dummy', session },
	});
}

function waitForPrepared(client: MatrixClient): Promise<void> {
	return new Promise((resolve, reject) => {
		client.on(ClientEvent.Sync, (state: SyncState) => {
			if (state === SyncState.Prepared) resolve();
			if (state === SyncState.Error) reject(new Error('the SDK sync loop failed'));
		});
	});
}

after(unrefLongTimers());

describe('matrix-js-sdk against the sandbox', () => {
	const { sandbox } = useSandbox();

	it('registers, logs in, creates a room, sends, and receives it through its sync', async (t) => {
		const username = uniqueName('sdk');
		await registerWithSdk(sandbox.url, username);
		const login = await createClient({ baseUrl: sandbox.url, logger: quiet }).loginRequest({
			type: 'm.login.password',
			identifier: { type: 'm.id.user', user: username },
			password: testPassword,
		});
		const client = createClient({
			baseUrl: sandbox.url,
			accessToken: login.access_token,
			userId: login.user_id,
			deviceId: login.device_id,
			logger: quiet,
		});
		t.after(() => client.stopClient());
		const prepared = waitForPrepared(client);
		await client.startClient({ initialSyncLimit: 10 });
		await prepared;

		const { room_id: roomId } = await client.createRoom({ name: 'SDK room' });
		const received = new Promise<MatrixEvent>((resolve) => {
			client.on(RoomEvent.Timeline, (event: MatrixEvent) => {
				const fromServer = !event.isSending() && event.getId()?.startsWith('$');
				if (event.getType() === 'm.room.message' && fromServer) resolve(event);
			});
		});
		const sent = await client.sendTextMessage(roomId, 'Hello from matrix-js-sdk');
		const event = await received;

		assert.equal(login.user_id, `@${username}:localhost`);
		assert.equal(event.getId(), sent.event_id);
		assert.equal(event.getRoomId(), roomId);
		assert.equal(event.getContent()['body'], 'Hello from matrix-js-sdk');
		assert.equal(client.getRoom(roomId)?.name, 'SDK room');
	});
});
