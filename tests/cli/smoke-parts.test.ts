import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLongPoll } from '../../src/cli/smoke/check-long-poll.ts';
import { checkShape } from '../../src/cli/smoke/check-shape.ts';
import { escapeXml } from '../../src/cli/smoke/report-junit.ts';
import { retryWaitMs, sendWithRetry } from '../../src/cli/smoke/retry.ts';
import { stepKind } from '../../src/cli/smoke/step-kind.ts';
import { authFor, chooseFlow } from '../../src/cli/smoke/uia.ts';
import type { ExchangeResult } from '../../src/matrix/send-request.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';

const examples = await loadGuideExamples();
const example = (id: string) => {
	const found = examples.find((item) => item.id === id);
	if (!found) throw new Error(`no example ${id}`);
	return found;
};
const answer = (
	status: number,
	json: unknown,
	headers: Record<string, string> = {},
): ExchangeResult => ({
	status,
	statusText: '',
	headers,
	contentType: 'application/json',
	text: JSON.stringify(json),
	json,
	ms: 1,
});

test('picks the shortest flow it can complete and says what blocks the others', () => {
	const flows = [
		{ stages: ['m.login.recaptcha'] },
		{ stages: ['m.login.registration_token', 'm.login.dummy'] },
		{ stages: ['m.login.dummy'] },
	];

	assert.deepEqual(chooseFlow(flows, undefined), { ok: true, stages: ['m.login.dummy'] });
	assert.deepEqual(chooseFlow(flows.slice(1, 2), 'tok'), {
		ok: true,
		stages: ['m.login.registration_token', 'm.login.dummy'],
	});
	assert.match(
		JSON.stringify(chooseFlow(flows.slice(1, 2), undefined)),
		/needs a registration token .*--registration-token/,
	);
	assert.match(
		JSON.stringify(chooseFlow([{ stages: ['m.login.email.identity'] }], 'tok')),
		/cannot complete \(m\.login\.email\.identity\)/,
	);
	assert.deepEqual(authFor('m.login.registration_token', 's1', 'tok'), {
		type: 'm.login.registration_token',
		token: 'tok',
		session: 's1',
	});
});

test('tells the account steps apart by method, path and expected status', () => {
	assert.equal(stepKind(example('register-start')), 'register-start');
	assert.equal(stepKind(example('friend-register-finish')), 'register-finish');
	assert.equal(stepKind(example('login')), 'password-login');
	assert.equal(stepKind(example('login-flows')), 'other');
	assert.equal(stepKind(example('create-room')), 'other');
});

test("checks the spec's shapes: ID sigils, field types, sync sections", () => {
	assert.deepEqual(checkShape(example('create-room'), 200, { room_id: '!r:hs' }), []);
	assert.deepEqual(checkShape(example('create-room'), 200, { room_id: 'r:hs' }), [
		'"room_id" is not a room ID (it does not start with "!"): "r:hs"',
	]);
	assert.deepEqual(checkShape(example('register-start'), 401, { flows: [{}], session: 's' }), [
		'"flows" has an entry that has no "stages" list of strings',
	]);
	assert.deepEqual(
		checkShape(example('sync-initial'), 200, { next_batch: 5, rooms: { join: [] } }),
		['"next_batch" is not a string: 5', '"rooms.join" is not an object'],
	);
	assert.deepEqual(checkShape(example('members'), 200, { chunk: [{ type: 'm.room.message' }] }), [
		'"chunk" has an entry that is not an m.room.member event with a state_key and a membership',
	]);
});

test('fails a long-poll that ran out its timeout or answered with nothing new', () => {
	const base = { timeoutMs: 20000, since: 's5', wokenBy: 'friend-says-hello' };

	assert.deepEqual(
		checkLongPoll({ next_batch: 's6' }, { ...base, ms: 60, answeredBeforeWaker: false }),
		[],
	);
	assert.match(
		checkLongPoll(
			{ next_batch: 's6' },
			{ ...base, ms: 19500, answeredBeforeWaker: false },
		).join(),
		/waited 19500 ms of its 20000 ms timeout: friend-says-hello did not wake it/,
	);
	assert.match(
		checkLongPoll({ next_batch: 's5' }, { ...base, ms: 3, answeredBeforeWaker: true }).join(),
		/before friend-says-hello was sent, with nothing new: the server did not wait/,
	);
});

test('reads the wait from Retry-After seconds or date, then retry_after_ms', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');

	assert.equal(retryWaitMs(answer(429, {}, { 'retry-after': '2' }), 1000, now), 2000);
	assert.equal(
		retryWaitMs(answer(429, {}, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), 1000, now),
		3000,
	);
	assert.equal(retryWaitMs(answer(429, { retry_after_ms: 250 }), 1000, now), 250);
	assert.equal(retryWaitMs(answer(429, {}), 1000, now), 1000);
});

test('retries a 429 a bounded number of times and refuses waits that are too long', async () => {
	const waits: number[] = [];
	let sent = 0;
	const limited = async () => {
		sent++;
		return answer(429, { retry_after_ms: 10 });
	};
	const policy = { retries: 2, maxWaitMs: 100, defaultWaitMs: 5 };

	const result = await sendWithRetry(limited, policy, async (ms) => void waits.push(ms));
	const long = await sendWithRetry(
		async () => answer(429, { retry_after_ms: 5000 }),
		policy,
		async () => {},
	);

	assert.equal(sent, 3);
	assert.deepEqual(waits, [10, 10]);
	assert.equal(result.exchange.status, 429);
	assert.match(result.notes.at(-1) ?? '', /still rate limited \(429\) after 2 retries; gave up/);
	assert.match(
		long.notes.join(),
		/asks to wait 5000 ms, longer than the 100 ms the smoke test waits/,
	);
});

test('escapes text for XML and replaces characters XML cannot hold', () => {
	assert.equal(
		escapeXml(`<a href="x">&'</a>\u0001`),
		'&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\uFFFD',
	);
});
