import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from '../../src/sandbox/rate-limit.ts';
import { call, createRoom, roomPath, useSandbox } from './helpers.ts';

describe('rate limiting', () => {
	const { sandbox, alice, bob } = useSandbox({ users: 2, rateLimit: { perSecond: 1, burst: 5 } });
	const send = (token: string, roomId: string, txnId: string) =>
		call(sandbox.url, 'PUT', `${roomPath(roomId)}/send/m.room.message/${txnId}`, {
			token,
			json: { msgtype: 'm.text', body: txnId },
		});

	it('answers 429 M_LIMIT_EXCEEDED with Retry-After and retry_after_ms past the burst', async () => {
		const roomId = await createRoom(sandbox.url, alice, { preset: 'public_chat' });
		const answers = [];
		for (let i = 0; i < 6; i++) answers.push(await send(alice.accessToken, roomId, `r${i}`));

		const limited = answers.find((answer) => answer.status === 429);
		assert.ok(limited, `statuses ${answers.map((a) => a.status).join(' ')}`);
		assert.equal(limited.body.errcode, 'M_LIMIT_EXCEEDED');
		assert.equal(typeof limited.body.retry_after_ms, 'number');
		assert.ok(limited.body.retry_after_ms > 0 && limited.body.retry_after_ms <= 1000);
		assert.equal(limited.headers.get('retry-after'), '1');
		assert.equal(limited.headers.get('access-control-allow-origin'), '*');
	});

	it('never limits reads, and counts each user apart', async () => {
		const reads = [];
		for (let i = 0; i < 6; i++) {
			reads.push(
				await call(sandbox.url, 'GET', '/_matrix/client/v3/account/whoami', {
					token: alice.accessToken,
				}),
			);
		}
		const other = await call(sandbox.url, 'POST', '/_matrix/client/v3/createRoom', {
			token: bob.accessToken,
			json: {},
		});

		assert.deepEqual(
			reads.map((r) => r.status),
			[200, 200, 200, 200, 200, 200],
		);
		assert.equal(other.status, 200);
	});
});

describe('createRateLimiter', () => {
	it('refills at the given rate', () => {
		let now = 0;
		const limiter = createRateLimiter({ perSecond: 2, burst: 1 }, () => now);
		limiter.take('a');

		assert.throws(() => limiter.take('a'), { errcode: 'M_LIMIT_EXCEEDED' });
		now += 500;
		limiter.take('a');
	});

	it('refuses a rate of 0', () => {
		assert.throws(() => createRateLimiter({ perSecond: 0, burst: 1 }, Date.now), RangeError);
	});
});
