import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resetDataDir } from '../../src/sandbox/reset-data-dir.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { isDataDirInUse } from '../../src/sandbox/sqlite-store.ts';
import { call, createRoom, register, roomPath, sendText, uniqueName } from './helpers.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const folders: string[] = [];
after(() => {
	for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function dataDir(): string {
	const folder = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
	folders.push(folder);
	return join(folder, 'data');
}

// Every event of the room, oldest first, paging forwards until `end` is left out.
async function roomMessages(url: string, token: string, roomId: string) {
	const events: Array<{ event_id: string }> = [];
	let from = '';
	for (;;) {
		const query = `dir=f&limit=1000${from ? `&from=${from}` : ''}`;
		const answer = await call(url, 'GET', `${roomPath(roomId)}/messages?${query}`, { token });
		assert.equal(answer.status, 200, JSON.stringify(answer.body));
		events.push(...answer.body.chunk);
		if (answer.body.end === undefined) return events;
		from = answer.body.end;
	}
}

describe('a sandbox with a data folder', () => {
	it('keeps accounts, tokens, rooms, events, aliases and filters across a restart', async () => {
		const folder = dataDir();
		const first = await startSandbox({ port: 0, dataDir: folder });
		const alice = await register(first.url);
		const alias = uniqueName('kept');
		const roomId = await createRoom(first.url, alice, { room_alias_name: alias, name: 'Kept' });
		const eventId = await sendText(first.url, alice, roomId, 'still here');
		const txnPath = `${roomPath(roomId)}/send/m.room.message/kept-txn`;
		const json = { msgtype: 'm.text', body: 'once' };
		const sent = await call(first.url, 'PUT', txnPath, { token: alice.accessToken, json });
		const filter = await call(
			first.url,
			'POST',
			`/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/filter`,
			{ token: alice.accessToken, json: { room: { timeline: { limit: 2 } } } },
		);
		const synced = await call(first.url, 'GET', '/_matrix/client/v3/sync', {
			token: alice.accessToken,
		});
		await first.close();

		const second = await startSandbox({ port: 0, dataDir: folder });
		after(() => second.close());
		const whoami = await call(second.url, 'GET', '/_matrix/client/v3/account/whoami', {
			token: alice.accessToken,
		});
		const events = await roomMessages(second.url, alice.accessToken, roomId);
		const resolved = await call(
			second.url,
			'GET',
			`/_matrix/client/v3/directory/room/${encodeURIComponent(`#${alias}:localhost`)}`,
		);
		const retried = await call(second.url, 'PUT', txnPath, { token: alice.accessToken, json });
		const storedFilter = await call(
			second.url,
			'GET',
			`/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/filter/${filter.body.filter_id}`,
			{ token: alice.accessToken },
		);
		const incremental = await call(
			second.url,
			'GET',
			`/_matrix/client/v3/sync?since=${synced.body.next_batch}`,
			{ token: alice.accessToken },
		);

		assert.equal(whoami.body.user_id, alice.userId);
		assert.ok(events.some((e) => e.event_id === eventId));
		assert.equal(resolved.body.room_id, roomId);
		assert.equal(retried.body.event_id, sent.body.event_id);
		assert.deepEqual(storedFilter.body, { room: { timeline: { limit: 2 } } });
		assert.equal(incremental.status, 200);
		assert.deepEqual(incremental.body.rooms.join, {});
	});

	it('refuses a second sandbox on a folder that is in use, and a reset of it', async () => {
		const folder = dataDir();
		const first = await startSandbox({ port: 0, dataDir: folder });
		after(() => first.close());

		await assert.rejects(startSandbox({ port: 0, dataDir: folder }), {
			name: 'DataDirInUseError',
		});
		assert.equal(isDataDirInUse(folder), true);
		assert.throws(() => resetDataDir(folder), { name: 'DataDirInUseError' });
	});

	it('starts empty after a reset', async () => {
		const folder = dataDir();
		const first = await startSandbox({ port: 0, dataDir: folder });
		const alice = await register(first.url);
		await first.close();

		const outcome = resetDataDir(folder);
		const second = await startSandbox({ port: 0, dataDir: folder });
		after(() => second.close());
		const whoami = await call(second.url, 'GET', '/_matrix/client/v3/account/whoami', {
			token: alice.accessToken,
		});

		assert.ok(outcome.removed.includes('sandbox.sqlite'));
		assert.equal(whoami.body.errcode, 'M_UNKNOWN_TOKEN');
	});
});

// Starts `matrix-howto sandbox --data` as its own process and reads its URL from the log.
function spawnSandbox(folder: string): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--data', folder], {
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	return new Promise((resolve, reject) => {
		let log = '';
		const timer = setTimeout(() => reject(new Error(`no start line in: ${log}`)), 10_000);
		child.stderr?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
			const match = /Homeserver: (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
			if (!match?.[1]) return;
			clearTimeout(timer);
			resolve({ child, url: match[1] });
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${log}`)));
	});
}

describe('a sandbox killed with SIGKILL during a burst of sends', () => {
	it('keeps every send it answered 200, and opens cleanly', async (t) => {
		const folder = dataDir();
		const { child, url } = await spawnSandbox(folder);
		const exited = new Promise((resolve) => child.on('exit', resolve));
		const alice = await register(url);
		const roomId = await createRoom(url, alice);

		// Eight senders at once, until the kill; bounded in count in case it never comes.
		const acknowledged: string[] = [];
		let txn = 0;
		const sender = async () => {
			while (txn < 5000) {
				const path = `${url}${roomPath(roomId)}/send/m.room.message/burst-${++txn}`;
				const answer = await fetch(path, {
					method: 'PUT',
					headers: { Authorization: `Bearer ${alice.accessToken}` },
					body: JSON.stringify({ msgtype: 'm.text', body: `burst ${txn}` }),
				}).catch(() => undefined);
				if (!answer) return;
				const body = (await answer.json().catch(() => undefined)) as { event_id?: string };
				if (answer.status === 200 && body?.event_id) acknowledged.push(body.event_id);
			}
		};
		const senders = Array.from({ length: 8 }, sender);
		setTimeout(() => child.kill('SIGKILL'), 400);
		await Promise.all(senders);
		await exited;

		const restarted = await spawnSandbox(folder);
		after(() => restarted.child.kill('SIGTERM'));
		const kept = new Set(
			(await roomMessages(restarted.url, alice.accessToken, roomId)).map((e) => e.event_id),
		);
		const lost = acknowledged.filter((eventId) => !kept.has(eventId));

		assert.ok(acknowledged.length > 20, `only ${acknowledged.length} sends before the kill`);
		assert.ok(txn < 5000, 'the sandbox was killed before the senders ran out');
		assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged sends lost`);
		t.diagnostic(`${acknowledged.length} sends answered 200 before the kill; all kept`);
	});
});
