import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetworkError } from '../../src/matrix/send-request.ts';
import { explainNetworkError } from '../../src/cli/smoke/explain-network-error.ts';

// The shape undici gives: `TypeError: fetch failed` with the socket's error as cause.
const failed = (url: string, cause: object) =>
	new NetworkError('GET', url, Object.assign(new TypeError('fetch failed'), { cause }), false);
const coded = (code: string, message = code, extra: object = {}) =>
	Object.assign(new Error(message), { code, ...extra });

test('names a refused connection, also inside an AggregateError of addresses', () => {
	const single = failed('http://127.0.0.1:9/_matrix/client/versions', coded('ECONNREFUSED'));
	const several = failed(
		'http://localhost:9/x',
		new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed'),
	);

	assert.deepEqual(explainNetworkError(single), {
		kind: 'refused',
		sentence:
			'GET http://127.0.0.1:9/_matrix/client/versions: connection refused: nothing is ' +
			'listening on 127.0.0.1:9. Check the address and port, ' +
			'and that the homeserver is running.',
	});
	assert.equal(explainNetworkError(several).kind, 'refused');
});

test('names a DNS failure with the name that did not resolve', () => {
	const error = failed(
		'https://matrix.example.invalid/.well-known/matrix/client',
		coded('ENOTFOUND', 'getaddrinfo ENOTFOUND matrix.example.invalid', {
			hostname: 'matrix.example.invalid',
		}),
	);
	const again = failed(
		'https://hs.example/x',
		coded('EAI_AGAIN', 'getaddrinfo EAI_AGAIN hs.example'),
	);

	const explained = explainNetworkError(error);

	assert.equal(explained.kind, 'dns');
	assert.match(
		explained.sentence,
		/DNS lookup failed: the name "matrix\.example\.invalid" does not resolve \(ENOTFOUND\)/,
	);
	assert.match(
		explainNetworkError(again).sentence,
		/DNS lookup of "hs\.example" failed for now \(EAI_AGAIN\)/,
	);
});

test('names TLS failures: no TLS at all, and an untrusted certificate', () => {
	const plain = failed('https://127.0.0.1:8008/x', coded('ERR_SSL_WRONG_VERSION_NUMBER'));
	const expired = failed(
		'https://hs.example/x',
		coded('CERT_HAS_EXPIRED', 'certificate has expired'),
	);

	assert.match(
		explainNetworkError(plain).sentence,
		/TLS failed with 127\.0\.0\.1:8008 .*http:\/\/127\.0\.0\.1:8008/,
	);
	assert.equal(explainNetworkError(expired).kind, 'tls');
	assert.match(explainNetworkError(expired).sentence, /certificate is not trusted/);
});

test('names connect, header and body timeouts apart', () => {
	const kinds = ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].map(
		(code) => explainNetworkError(failed('http://hs.example/x', coded(code))),
	);

	assert.deepEqual(
		kinds.map((k) => k.kind),
		['timeout', 'timeout', 'timeout'],
	);
	assert.match(kinds[0]?.sentence ?? '', /timed out connecting to hs\.example/);
	assert.match(kinds[1]?.sentence ?? '', /timed out waiting for hs\.example to answer/);
	assert.match(kinds[2]?.sentence ?? '', /timed out reading the answer's body/);
});

test('names resets and unreachable hosts, and cancellations', () => {
	const reset = failed('http://hs.example/x', coded('UND_ERR_SOCKET', 'other side closed'));
	const unreachable = failed('http://hs.example/x', coded('EHOSTUNREACH'));
	const cancelled = new NetworkError('GET', 'http://hs.example/x', new Error('aborted'), true);

	assert.equal(explainNetworkError(reset).kind, 'reset');
	assert.equal(explainNetworkError(unreachable).kind, 'unreachable');
	assert.equal(explainNetworkError(cancelled).kind, 'cancelled');
});

test('falls back to the deepest message for a failure it does not know', () => {
	const odd = failed('http://hs.example/x', new Error('something odd'));

	assert.deepEqual(explainNetworkError(odd), {
		kind: 'unknown',
		sentence: 'GET http://hs.example/x: no answer (something odd).',
	});
});

test('says a port the Fetch standard blocks cannot be used, rather than "bad port"', async () => {
	const url = 'http://127.0.0.1:9/_matrix/client/versions';
	// undici refuses port 9 before it opens any connection.
	const cause = await fetch(url).then(
		() => assert.fail('port 9 was fetched'),
		(error: unknown) => error,
	);

	const explained = explainNetworkError(new NetworkError('GET', url, cause, false));

	assert.equal(explained.kind, 'unreachable');
	assert.match(explained.sentence, /port 9 is one that browsers and fetch refuse to connect to/);
	assert.match(explained.sentence, /another port/);
});
