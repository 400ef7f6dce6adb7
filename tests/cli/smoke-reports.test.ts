import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { findAll, parseXml } from './parse-xml.ts';
import {
	closedPort,
	pathOf,
	runSmoke,
	sendJson,
	startPlainSandbox,
	startVariant,
	type TestServer,
} from './helpers.ts';

const examples = await loadGuideExamples();
let folder: string;
let plain: TestServer;
let broken: TestServer;

before(async () => {
	folder = await mkdtemp(join(tmpdir(), 'matrix-howto-smoke-'));
	plain = await startPlainSandbox();
	// Breaks each account's first createRoom only, so in every run its
	// dependents skip and the public room's steps still pass.
	const failedFor = new Set<string>();
	broken = await startVariant((req, res) => {
		const token = req.headers.authorization ?? '';
		if (pathOf(req) !== '/_matrix/client/v3/createRoom' || failedFor.has(token)) return false;
		failedFor.add(token);
		sendJson(res, 500, { errcode: 'M_UNKNOWN', error: 'Room creation <broken> & "off"' });
		return true;
	});
});
after(async () => {
	await Promise.all([plain.close(), broken.close(), rm(folder, { recursive: true, force: true })]);
});

const numbers = (attributes: Record<string, string>) => ({
	tests: Number(attributes['tests']),
	failures: Number(attributes['failures']),
	skipped: Number(attributes['skipped']),
	errors: Number(attributes['errors']),
});

test('writes JUnit XML that parses and counts every step as passed', async () => {
	const file = join(folder, 'pass.xml');

	const run = await runSmoke([plain.url, '--reporter', 'junit', '--output', file]);
	const root = parseXml(await readFile(file, 'utf8'));

	assert.equal(run.code, 0, run.stdout + run.stderr);
	assert.match(
		run.stdout,
		new RegExp(`^Report \\(junit\\): ${file.replace(/[.\\/]/g, '\\$&')}$`, 'm'),
	);
	assert.equal(root.name, 'testsuites');
	assert.deepEqual(numbers(root.attributes), {
		tests: examples.length,
		failures: 0,
		skipped: 0,
		errors: 0,
	});
	const suites = findAll(root, 'testsuite');
	assert.deepEqual(
		suites.map((suite) => suite.attributes['name']),
		[...new Set(examples.map((example) => example.pageTitle))],
	);
	const cases = findAll(root, 'testcase');
	assert.deepEqual(
		cases.map((item) => item.attributes['name']),
		examples.map((example) => `${example.id}: ${example.title}`),
	);
	assert.ok(cases.every((item) => Number.isFinite(Number(item.attributes['time']))));
	assert.equal(
		suites.reduce((sum, suite) => sum + Number(suite.attributes['tests']), 0),
		examples.length,
	);
});

test("counts the failed and skipped steps in JUnit, with the failure's message", async () => {
	const xml = join(folder, 'broken.xml');
	const json = join(folder, 'broken.json');

	const junitRun = await runSmoke([broken.url, '--reporter', 'junit', '--output', xml]);
	const root = parseXml(await readFile(xml, 'utf8'));
	await runSmoke([broken.url, '--reporter', 'json', '--output', json]);
	const report = JSON.parse(await readFile(json, 'utf8'));

	assert.equal(junitRun.code, 1);
	const counts = numbers(root.attributes);
	assert.equal(counts.failures, 1);
	assert.equal(counts.skipped, report.summary.skipped);
	assert.ok(counts.skipped > 0);
	assert.equal(findAll(root, 'failure').length, 1);
	assert.equal(findAll(root, 'skipped').length, counts.skipped);
	const failing = findAll(root, 'testcase').find((item) => findAll(item, 'failure').length > 0);
	assert.equal(failing?.attributes['name'], 'create-room: Create a room');
	const failure = failing ? findAll(failing, 'failure')[0] : undefined;
	assert.match(
		failure?.attributes['message'] ?? '',
		/got 500: HTTP 500 M_UNKNOWN "Room creation <broken> & \\"off\\""/,
	);
	assert.match(
		failure?.text ?? '',
		/POST http:\/\/127\.0\.0\.1:\d+\/_matrix\/client\/v3\/createRoom → 500/,
	);
});

test('writes TAP with one test point per step, skips as SKIP directives', async () => {
	const file = join(folder, 'broken.tap');

	const run = await runSmoke([broken.url, '--reporter', 'tap', '--output', file]);
	const tap = await readFile(file, 'utf8');

	assert.equal(run.code, 1);
	assert.match(tap, /^TAP version 14\n/);
	assert.match(tap, new RegExp(`^1\\.\\.${examples.length}$`, 'm'));
	const points = tap.match(/^(?:not )?ok \d+ - /gm) ?? [];
	assert.equal(points.length, examples.length);
	assert.match(
		tap,
		/^not ok \d+ - create-room: Create a room\n {2}---\n {2}message: "expected HTTP 200, got/m,
	);
	assert.match(
		tap,
		/^ok \d+ - send-message: Send a message # SKIP needs the room ID from create-room, which/m,
	);
});

test('prints the JSON report on stdout and the step lines on stderr without --output', async () => {
	const run = await runSmoke([plain.url, '--reporter', 'json']);
	const report = JSON.parse(run.stdout);

	assert.equal(run.code, 0);
	assert.equal(report.baseUrl, plain.url);
	assert.deepEqual(report.summary, {
		total: examples.length,
		passed: examples.length,
		failed: 0,
		skipped: 0,
	});
	assert.deepEqual(
		report.steps.map((step: { id: string }) => step.id),
		examples.map((e) => e.id),
	);
	assert.match(run.stderr, /^PASS  register-start /m);
});

test("exits 2 before running when the report's folder does not exist", async () => {
	const run = await runSmoke([
		'--sandbox',
		'--reporter',
		'junit',
		'--output',
		join(folder, 'no', 'r.xml'),
	]);

	assert.equal(run.code, 2);
	assert.match(run.stderr, /Cannot write .*r\.xml: its folder does not exist or is read-only\./);
});

test('a run that cannot start still writes its report, saying why, over any old one', async () => {
	const port = await closedPort();
	const target = `http://127.0.0.1:${port}`;
	const reports = {
		junit: join(folder, 'stopped.xml'),
		tap: join(folder, 'stopped.tap'),
		json: join(folder, 'stopped.json'),
	};
	// What a previous, passing run left behind must not survive as if it were this one.
	for (const file of Object.values(reports)) await writeFile(file, 'an old report');

	for (const [reporter, output] of Object.entries(reports)) {
		const run = await runSmoke([target, '--reporter', reporter, '--output', output]);
		assert.equal(run.code, 2, reporter);
		assert.match(run.stdout, new RegExp(`Report \\(${reporter}\\): `));
	}

	const root = parseXml(await readFile(reports.junit, 'utf8'));
	assert.equal(root.attributes['errors'], '1');
	const [error] = findAll(root, 'error');
	assert.match(error?.attributes['message'] ?? '', /connection refused/);
	const tap = await readFile(reports.tap, 'utf8');
	assert.match(tap, /^TAP version 14\n/);
	assert.match(tap, /^Bail out! .*connection refused/m);
	const json = JSON.parse(await readFile(reports.json, 'utf8'));
	assert.equal(json.baseUrl, target);
	assert.deepEqual(json.steps, []);
	assert.match(json.stopped, /connection refused/);
});
