import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startStaticServer, type RunningStaticServer } from '../../src/node/static-server.ts';

let folder: string;
let site: RunningStaticServer;
let origin: string;

before(async () => {
	folder = await mkdtemp(join(tmpdir(), 'matrix-howto-static-'));
	await mkdir(join(folder, 'guide', 'accounts'), { recursive: true });
	await writeFile(join(folder, 'index.html'), '<p>home</p>');
	await writeFile(join(folder, 'guide', 'accounts', 'index.html'), '<p>accounts</p>');
	site = await startStaticServer({ root: folder, port: 0, base: '/matrix-howto/' });
	origin = new URL(site.url).origin;
});
after(async () => {
	await site.close();
	await rm(folder, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${origin}${path}`, { redirect: 'manual' });

test('serves the site under its base path, index.html for a folder', async () => {
	const home = await get('/matrix-howto/');
	const page = await get('/matrix-howto/guide/accounts/');

	assert.equal(home.status, 200);
	assert.equal(await home.text(), '<p>home</p>');
	assert.equal(page.status, 200);
	assert.equal(await page.text(), '<p>accounts</p>');
});

test('redirects a folder without its slash, keeping the query', async () => {
	const answer = await get('/matrix-howto/guide/accounts?homeserver=http%3A%2F%2F127.0.0.1%3A8008');

	assert.equal(answer.status, 301);
	assert.equal(
		answer.headers.get('location'),
		'/matrix-howto/guide/accounts/?homeserver=http%3A%2F%2F127.0.0.1%3A8008',
	);
});

test("leads the base path without its slash, and the host's root, to the site", async () => {
	const bare = await get('/matrix-howto?homeserver=x');
	const root = await get('/');

	assert.equal(bare.status, 301);
	assert.equal(bare.headers.get('location'), '/matrix-howto/?homeserver=x');
	assert.equal(root.status, 301);
	assert.equal(root.headers.get('location'), '/matrix-howto/');
});

test('says where the site is for a path outside it, and serves nothing outside its folder', async () => {
	const outside = await get('/elsewhere/');
	const escape = await get('/matrix-howto/%2e%2e/%2e%2e/etc/passwd');

	assert.equal(outside.status, 404);
	assert.match(await outside.text(), /served under \/matrix-howto\//);
	assert.equal(escape.status, 404);
});

test('never redirects to another host through a path starting with two slashes', async () => {
	const atRoot = await startStaticServer({ root: folder, port: 0 });
	try {
		// Sent as is: fetch would tidy the path before it left.
		const answer = await new Promise<IncomingMessage>((done, fail) => {
			request(`${atRoot.url}`, { path: '/.//guide/accounts' }, done).on('error', fail).end();
		});
		answer.resume();

		assert.equal(answer.statusCode, 301);
		assert.equal(answer.headers.location, '/guide/accounts/');
	} finally {
		await atRoot.close();
	}
});
