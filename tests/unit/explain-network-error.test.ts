import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NetworkError } from '../../src/matrix/send-request.ts';
import { explainNetworkError } from '../../src/scripts/explain-network-error.ts';

// The explanation depends on where the page itself is served from.
function onPage(href: string, run: () => void): void {
	const saved = Object.getOwnPropertyDescriptor(globalThis, 'location');
	Object.defineProperty(globalThis, 'location', { value: new URL(href), configurable: true });
	try {
		run();
	} finally {
		if (saved) Object.defineProperty(globalThis, 'location', saved);
		else Reflect.deleteProperty(globalThis, 'location');
	}
}

const failed = (url: string) =>
	new NetworkError('GET', url, new TypeError('Failed to fetch'), false);

test('names mixed content when an https page calls an http homeserver', () => {
	onPage('https://guide.example/guide/accounts/', () => {
		const text = explainNetworkError(
			failed('http://hs.example:8008/_matrix/client/versions'),
			'http://hs.example:8008',
		);
		assert.match(text, /mixed content/);
	});
});

test('names the local-network permission when a public page calls localhost', () => {
	onPage('http://guide.example/', () => {
		const text = explainNetworkError(
			failed('http://localhost:8008/_matrix/client/versions'),
			'http://localhost:8008',
		);
		assert.match(text, /browsers ask before letting a public page reach local addresses/);
		assert.match(text, /curl -i 'http:\/\/localhost:8008\/_matrix\/client\/versions'/);
	});
});

test('tells a dead server from a missing CORS header, with the curl to try', () => {
	onPage('http://localhost:4321/', () => {
		const text = explainNetworkError(
			failed('http://localhost:8008/_matrix/client/versions'),
			'http://localhost:8008',
		);
		assert.match(text, /nothing is listening there/);
		assert.match(text, /without CORS headers/);
		assert.match(text, /Access-Control-Allow-Origin/);
	});
});

test('says a cancelled request was cancelled', () => {
	const cancelled = new NetworkError('GET', 'http://localhost:8008/x', new Error('aborted'), true);
	assert.match(explainNetworkError(cancelled, 'http://localhost:8008'), /^Cancelled/);
});

test('says a homeserver on a port browsers block cannot be reached from the page', () => {
	onPage('http://localhost:4321/', () => {
		const text = explainNetworkError(
			failed('http://localhost:6666/_matrix/client/versions'),
			'http://localhost:6666',
		);
		assert.match(text, /refused to send this request: port 6666 is one that browsers/);
		assert.match(text, /another port/);
		// Not the CORS advice: curl would reach it and point the reader the wrong way.
		assert.doesNotMatch(text, /CORS|curl/);
	});
});

test('explains a URL that is not valid instead of throwing', () => {
	onPage('http://localhost:4321/', () => {
		const text = explainNetworkError(
			failed(`http://localhost:99999/_matrix/client/versions${'x'.repeat(500)}`),
			'http://localhost:99999',
		);

		assert.match(text, /is not a valid URL/);
		assert.match(text, /Homeserver field/);
		assert.ok(text.length < 300, 'the URL is quoted short');
	});
});
