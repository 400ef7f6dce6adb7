import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { findHomeserver, type PickerStep } from '../../src/scripts/find-homeserver.ts';

// The picker calls the global fetch; each test says what it answers and sees what was asked.
const realFetch = globalThis.fetch;
let asked: string[] = [];
let answer: (url: string) => Response = () => new Response(null, { status: 404 });

beforeEach(() => {
	asked = [];
	globalThis.fetch = async (input) => {
		const url = String(input instanceof Request ? input.url : input);
		asked.push(url);
		return answer(url);
	};
});

afterEach(() => {
	globalThis.fetch = realFetch;
});

async function pick(input: string): Promise<{ baseUrl: string | null; steps: PickerStep[] }> {
	const steps: PickerStep[] = [];
	const baseUrl = await findHomeserver(input, (step) => steps.push(step));
	return { baseUrl, steps };
}

const refusal = (steps: PickerStep[]) => steps.find((step) => step.state === 'bad')?.text ?? '';

test('refuses an out-of-range port before any request, saying so', async () => {
	for (const input of ['localhost:65536', 'localhost:99999', '@alice:localhost:99999']) {
		const { baseUrl, steps } = await pick(input);

		assert.equal(baseUrl, null, input);
		assert.match(refusal(steps), /port \d+ is out of range/, input);
	}
	const { baseUrl, steps } = await pick('http://localhost:99999');
	assert.equal(baseUrl, null);
	assert.match(refusal(steps), /is not a homeserver URL: port 99999 is out of range/);
	assert.deepEqual(asked, []);
});

test('says port 0 cannot be used from a browser, however it is written', async () => {
	for (const input of ['localhost:0', 'http://localhost:0', '@alice:localhost:0', 'hs.example:0']) {
		const { baseUrl, steps } = await pick(input);

		assert.equal(baseUrl, null, input);
		assert.match(refusal(steps), /cannot be (used|read) from a browser: port 0/, input);
	}
	assert.deepEqual(asked, []);
});

test('returns loopback names as normalized base URLs', async () => {
	assert.equal((await pick('LocalHost:41732')).baseUrl, 'http://localhost:41732');
	assert.equal((await pick('@alice:127.0.0.1:41732')).baseUrl, 'http://127.0.0.1:41732');
	assert.equal((await pick('[::1]:41732/')).baseUrl, 'http://[::1]:41732');
	assert.deepEqual(asked, []);
});

test('refuses over-long server names and user IDs without a request, quoting them short', async () => {
	const inputs = [
		'a'.repeat(200_000),
		Array.from({ length: 40_000 }, () => 'a').join('.'),
		`@${'a'.repeat(100_000)}:localhost:41732`,
	];
	for (const input of inputs) {
		const { baseUrl, steps } = await pick(input);

		assert.equal(baseUrl, null);
		assert.ok(refusal(steps).length < 400, `${refusal(steps).length} characters`);
		assert.match(refusal(steps), /^"[^"]{99}…" is not a/);
	}
	assert.deepEqual(asked, []);
});

test('refuses a user ID with an empty name', async () => {
	const { baseUrl, steps } = await pick('@:localhost:41732');

	assert.equal(baseUrl, null);
	assert.match(refusal(steps), /is not a user ID: the name between "@" and ":" is empty/);
	assert.deepEqual(asked, []);
});

test('calls an invalid IP literal invalid, not unanswered', async () => {
	const { baseUrl, steps } = await pick('[1:2]');

	assert.equal(baseUrl, null);
	assert.match(refusal(steps), /\[1:2\] is not a valid IPv6 address/);
	assert.doesNotMatch(refusal(steps), /CORS|answer/);
	assert.deepEqual(asked, []);
});

test('never quotes the password of a URL back', async () => {
	const { steps } = await pick('http://alice:hunter2@localhost:8008');

	assert.match(refusal(steps), /user name or password/);
	assert.doesNotMatch(refusal(steps), /hunter2|alice/);
});

test('discovers a server name and normalizes the base URL it points to', async () => {
	answer = () => Response.json({ 'm.homeserver': { base_url: 'HTTPS://Matrix.Example.org/' } });

	const { baseUrl } = await pick('example.org');

	assert.equal(baseUrl, 'https://matrix.example.org');
	assert.deepEqual(asked, ['https://example.org/.well-known/matrix/client']);
});

test('refuses a discovered base URL that is not usable, saying why', async () => {
	answer = () => Response.json({ 'm.homeserver': { base_url: 'https://u:p@matrix.example.org' } });

	const { baseUrl, steps } = await pick('example.org');

	assert.equal(baseUrl, null);
	assert.match(refusal(steps), /answered, but .* is not a usable base URL: it holds a user name/);
});
