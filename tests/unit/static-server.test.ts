import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
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
	await writeFile(join(folder, 'big.js'), 'x'.repeat(8 * 1024 * 1024));
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

const openFiles = async () => (await readdir('/proc/self/fd')).length;

test('a download the client abandons frees its file, and the server goes on serving', async (t) => {
	if (!existsSync('/proc/self/fd')) {
		t.skip('no /proc/self/fd on this system to count open files');
		return;
	}
	const { port } = new URL(site.url);
	const before = await openFiles();

	for (let i = 0; i < 30; i++) {
		const gzip = i % 2 === 0 ? 'Accept-Encoding: gzip\r\n' : '';
		await new Promise<void>((done) => {
			const socket = connect(Number(port), '127.0.0.1', () =>
				socket.write(`GET /matrix-howto/big.js HTTP/1.1\r\nHost: x\r\n${gzip}\r\n`),
			);
			socket.once('data', () => {
				socket.destroy();
				done();
			});
		});
	}
	await new Promise((resolve) => setTimeout(resolve, 200));

	assert.ok((await openFiles()) <= before + 2, `open files ${before} → ${await openFiles()}`);
	assert.equal((await get('/matrix-howto/')).status, 200);
});

test('a symlink that leads out of the folder is not followed', async () => {
	await symlink(tmpdir(), join(folder, 'outside'));
	await writeFile(join(tmpdir(), 'matrix-howto-secret.txt'), 'secret');
	try {
		const through = await get('/matrix-howto/outside/matrix-howto-secret.txt');

		assert.equal(through.status, 404);
		assert.doesNotMatch(await through.text(), /secret/);
	} finally {
		await rm(join(folder, 'outside'));
		await rm(join(tmpdir(), 'matrix-howto-secret.txt'));
	}
});

test('gzip only for a client that takes it, q=0 meaning no', async () => {
	const encoding = async (accept: string) =>
		(
			await fetch(`${origin}/matrix-howto/`, { headers: { 'accept-encoding': accept } })
		).headers.get('content-encoding');

	assert.equal(await encoding('gzip, deflate'), 'gzip');
	assert.equal(await encoding('*'), 'gzip');
	assert.equal(await encoding('gzip;q=0'), null);
	assert.equal(await encoding('gzip;q=0, identity'), null);
	assert.equal(await encoding('identity'), null);
	assert.equal(await encoding('x-gzip-not'), null);
});

test('answers 405 with Allow to methods other than GET and HEAD', async () => {
	for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
		const answer = await fetch(`${origin}/matrix-howto/`, { method });

		assert.equal(answer.status, 405, method);
		assert.equal(answer.headers.get('allow'), 'GET, HEAD');
	}
	const head = await fetch(`${origin}/matrix-howto/`, { method: 'HEAD' });
	assert.equal(head.status, 200);
});
