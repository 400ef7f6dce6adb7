import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench:sandbox`: the figures issue 3 asks for, as one JSON document on
// stdout, for the sandbox in memory and with a data folder, and for a bare
// node:http server answering the same sends (the ceiling of this set-up). The
// sandbox runs as `npm run sandbox` runs it: the real CLI, with the node flags of
// that script. Every server is a child process on 127.0.0.1 and a free port; every
// loop is bounded in count and time, and a watchdog ends the run whatever happens.
// Send rates are the best of interleaved rounds, so that other work on the machine
// in one moment does not decide the ratio to the bare server.

const limits = {
	warmUpSends: 1000,
	sends: 2000,
	sendSeconds: 3,
	sendRounds: 3,
	wakeSamples: 200,
	waiters: 200,
	waiterRounds: 5,
	watchdogSeconds: 180,
};
const goals = { sendRatio: 0.6, wakeP50Ms: 1, allWaitersMs: 50, peakRssMb: 150 };

const serveScript = fileURLToPath(new URL('./serve.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

// The node flags and entry point of package.json's `sandbox` script.
function sandboxCommand(): string[] {
	const scripts = JSON.parse(readFileSync(`${projectRoot}package.json`, 'utf8')).scripts;
	const words = String(scripts.sandbox).split(/\s+/);
	if (words[0] !== 'node') throw new Error(`unexpected sandbox script: ${scripts.sandbox}`);
	return words
		.slice(1)
		.map((word) => (word.endsWith('.js') || word.endsWith('.ts') ? `${projectRoot}${word}` : word));
}
const agent = new Agent({ keepAlive: true, maxSockets: limits.waiters + 16 });
const children = new Set<ChildProcess>();

const watchdog = setTimeout(() => {
	process.stderr.write(`bench: still running after ${limits.watchdogSeconds} s; stopping\n`);
	for (const child of children) child.kill('SIGKILL');
	process.exit(1);
}, limits.watchdogSeconds * 1000);

interface Answer {
	status: number;
	body: any;
	/** performance.now() when the whole answer had arrived. */
	at: number;
}

function call(base: string, method: string, path: string, token?: string, json?: unknown) {
	return new Promise<Answer>((resolve, reject) => {
		const body = json === undefined ? undefined : JSON.stringify(json);
		const req = request(
			`${base}${path}`,
			{
				method,
				agent,
				headers: {
					...(token && { Authorization: `Bearer ${token}` }),
					...(body !== undefined && {
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(body),
					}),
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const at = performance.now();
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {}, at });
				});
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

function expectOk(answer: Answer, what: string): any {
	if (answer.status !== 200)
		throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
	return answer.body;
}

interface Server {
	url: string;
	child: ChildProcess;
}

function spawnServer(kind: 'sandbox' | 'bare', dataDir?: string): Promise<Server> {
	const args =
		kind === 'bare'
			? [serveScript, 'bare']
			: [...sandboxCommand(), '--port', '0', ...(dataDir ? ['--data', dataDir] : [])];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
	children.add(child);
	return new Promise((resolve, reject) => {
		let out = '';
		// serve.ts prints {"url": ...}; the CLI logs "Homeserver: URL".
		child.stderr?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /"url":"([^"]+)"|Homeserver: (http:\/\/\S+)/.exec(out);
			const url = match?.[1] ?? match?.[2];
			if (url) resolve({ url, child });
		});
		child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}: ${out}`)));
	});
}

// The child's high-water mark of resident memory, from Linux's /proc.
function peakRssMb(child: ChildProcess): number | null {
	try {
		const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
		const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
		return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
	} catch {
		return null;
	}
}

async function stopServer(server: Server) {
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGTERM');
	await exited;
	children.delete(server.child);
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return round(sorted[Math.max(0, index)] ?? Number.NaN);
};
const round = (value: number) => Math.round(value * 1000) / 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let txn = 0;
const sendPath = (roomId: string) =>
	`/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/b${++txn}`;
const message = { msgtype: 'm.text', body: 'bench' };

// Unmeasured sends, so the server's code is compiled (JIT) before it is timed.
async function warmUp(base: string, token: string, roomId: string) {
	for (let i = 0; i < limits.warmUpSends; i++) {
		expectOk(await call(base, 'PUT', sendPath(roomId), token, message), 'send');
	}
}

// One send at a time, as fast as answers come, for a bounded count and time.
async function sequentialSends(base: string, token: string, roomId: string): Promise<number> {
	const started = performance.now();
	const deadline = started + limits.sendSeconds * 1000;
	let count = 0;
	while (count < limits.sends && performance.now() < deadline) {
		expectOk(await call(base, 'PUT', sendPath(roomId), token, message), 'send');
		count++;
	}
	return Math.round(count / ((performance.now() - started) / 1000));
}

interface User {
	userId: string;
	accessToken: string;
}

async function registerUser(base: string, username: string): Promise<User> {
	const json = { username, password: 'bench-password' };
	const first = await call(base, 'POST', '/_matrix/client/v3/register', undefined, json);
	const second = await call(base, 'POST', '/_matrix/client/v3/register', undefined, {
		...json,
		auth: { type: 'm.login.dummy', session: first.body.session },
	});
	const body = expectOk(second, 'register');
	return { userId: body.user_id, accessToken: body.access_token };
}

const syncPath = (since: string, timeout: number) =>
	`/_matrix/client/v3/sync?since=${since}&timeout=${timeout}`;

// Parks one long-poll per waiter, sends one message, and times each answer from
// the moment the send was answered (negative: the sync answer arrived first).
async function wakeRound(base: string, sender: User, roomId: string, waiters: Waiter[]) {
	const polls = waiters.map((w) =>
		call(base, 'GET', syncPath(w.since, 10_000), w.user.accessToken),
	);
	// Long enough for every request to reach the server and park.
	await pause(waiters.length > 1 ? 100 : 5);
	const sent = await call(base, 'PUT', sendPath(roomId), sender.accessToken, message);
	expectOk(sent, 'send');
	const answers = await Promise.all(polls);
	return answers.map((answer, index) => {
		const waiter = waiters[index];
		if (waiter) waiter.since = expectOk(answer, 'sync').next_batch;
		return answer.at - sent.at;
	});
}

interface Waiter {
	user: User;
	since: string;
}

interface Target {
	name: 'bare' | 'memory' | 'data';
	server: Server;
	sender: User;
	roomId: string;
	rates: number[];
}

async function prepare(name: Target['name'], dataDir?: string): Promise<Target> {
	const server = await spawnServer(name === 'bare' ? 'bare' : 'sandbox', dataDir);
	if (name === 'bare') {
		const sender = { userId: '@bench:localhost', accessToken: 'unused' };
		return { name, server, sender, roomId: '!bench:localhost', rates: [] };
	}
	const sender = await registerUser(server.url, `sender-${process.pid}`);
	const created = expectOk(
		await call(server.url, 'POST', '/_matrix/client/v3/createRoom', sender.accessToken, {
			preset: 'public_chat',
		}),
		'createRoom',
	);
	return { name, server, sender, roomId: created.room_id, rates: [] };
}

async function wakeLatencies(target: Target) {
	const { server, sender, roomId } = target;
	const base = server.url;
	const listener = await registerUser(base, `listener-${process.pid}`);
	const join = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`;
	expectOk(await call(base, 'POST', join, listener.accessToken, {}), 'join');
	const first = expectOk(
		await call(base, 'GET', '/_matrix/client/v3/sync', listener.accessToken),
		'sync',
	);
	const single: Waiter[] = [{ user: listener, since: first.next_batch }];
	const wake: number[] = [];
	for (let i = 0; i < limits.wakeSamples; i++) {
		wake.push(...(await wakeRound(base, sender, roomId, single)));
	}

	const crowd: Waiter[] = [];
	for (let i = 0; i < limits.waiters; i++) {
		const user = await registerUser(base, `waiter-${process.pid}-${i}`);
		expectOk(await call(base, 'POST', join, user.accessToken, {}), 'join');
		crowd.push({ user, since: '' });
	}
	// Initial syncs, concurrently, give each waiter its since token.
	await Promise.all(
		crowd.map(async (waiter) => {
			const body = expectOk(
				await call(base, 'GET', '/_matrix/client/v3/sync', waiter.user.accessToken),
				'sync',
			);
			waiter.since = body.next_batch;
		}),
	);
	const crowdLatency: number[] = [];
	const roundMax: number[] = [];
	for (let round = 0; round < limits.waiterRounds; round++) {
		const latencies = await wakeRound(base, sender, roomId, crowd);
		crowdLatency.push(...latencies);
		roundMax.push(Math.max(...latencies));
	}
	return {
		wakeMs: { p50: percentile(wake, 50), p90: percentile(wake, 90), samples: wake.length },
		wake200Ms: {
			p50: percentile(crowdLatency, 50),
			p90: percentile(crowdLatency, 90),
			slowestPerRound: roundMax.map(round),
			rounds: roundMax.length,
		},
	};
}

async function sandboxReport(target: Target) {
	const latency = await wakeLatencies(target);
	const rss = peakRssMb(target.server.child);
	await stopServer(target.server);
	return {
		sendsPerSecond: Math.max(...target.rates),
		sendRounds: target.rates,
		...latency,
		peakRssMb: rss,
	};
}

function verdict(result: Awaited<ReturnType<typeof sandboxReport>>, bare: number) {
	const ratio = Math.round((result.sendsPerSecond / bare) * 100) / 100;
	return {
		sendRatioToBare: ratio,
		meets: {
			sends: ratio >= goals.sendRatio,
			wakeP50: result.wakeMs.p50 <= goals.wakeP50Ms,
			all200Within50Ms: Math.max(...result.wake200Ms.slowestPerRound) <= goals.allWaitersMs,
			peakRss: result.peakRssMb !== null && result.peakRssMb < goals.peakRssMb,
		},
	};
}

const folder = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
try {
	const targets = [
		await prepare('bare'),
		await prepare('memory'),
		await prepare('data', join(folder, 'data')),
	];
	for (const target of targets) {
		await warmUp(target.server.url, target.sender.accessToken, target.roomId);
	}
	for (let round = 0; round < limits.sendRounds; round++) {
		for (const target of targets) {
			const { url } = target.server;
			target.rates.push(await sequentialSends(url, target.sender.accessToken, target.roomId));
		}
	}
	const [bareTarget, memoryTarget, dataTarget] = targets;
	if (!bareTarget || !memoryTarget || !dataTarget) throw new Error('unreachable');
	await stopServer(bareTarget.server);
	const bare = Math.max(...bareTarget.rates);
	const memory = await sandboxReport(memoryTarget);
	const data = await sandboxReport(dataTarget);
	const report = {
		machine: { cpus: cpus().length, node: process.version, loadAverage: loadavg().map(round) },
		sandboxCommand: `node ${sandboxCommand()
			.map((word) => word.replace(projectRoot, ''))
			.join(' ')}`,
		limits,
		targets: goals,
		bare: { sendsPerSecond: bare, sendRounds: bareTarget.rates },
		memory: { ...memory, ...verdict(memory, bare) },
		data: { ...data, ...verdict(data, bare) },
		notes: [
			'sendsPerSecond: the best of the interleaved rounds in sendRounds',
			'wake latency: from the send answered to the waiting /sync answered, at the client',
			'a negative latency means the /sync answer arrived before the send answer',
			'peakRssMb: the sandbox process high-water mark (VmHWM)',
		],
	};
	process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
	for (const child of children) child.kill('SIGKILL');
	rmSync(folder, { recursive: true, force: true });
	agent.destroy();
	clearTimeout(watchdog);
}
