import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
	createSandboxHandler,
	startSandbox,
	type RunningSandbox,
	type SandboxHandler,
	type SandboxHandlerOptions,
	type SandboxOptions,
} from '../../src/sandbox/server.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** How a CLI run ended. */
export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

// The child sees none of this shell's MATRIX_HOWTO_* variables, only the test's.
const baseEnv = Object.fromEntries(
	Object.entries(process.env).filter(([name]) => !name.startsWith('MATRIX_HOWTO_')),
);

/** Which output of a CLI run the test closes, as `| head -1` would, and when. */
export interface Closing {
	readonly stream: 'stdout' | 'stderr';
	/** Closes once the text read so far matches; by default at the end of the first line. */
	readonly after?: RegExp;
	/** Hears the text read up to the close. */
	readonly afterClose?: (text: string) => void;
}

/**
 * Runs `matrix-howto <args>` as a child process, as a user or CI would. With
 * `closing`, the reading end of one output is closed early; the run then
 * holds what was read from it up to there.
 */
export function runCli(
	args: string[],
	env: Record<string, string> = {},
	closing?: Closing,
): Promise<CliRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [main, ...args], {
			env: { ...baseEnv, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const read = { stdout: '', stderr: '' };
		for (const name of ['stdout', 'stderr'] as const) {
			const stream = child[name];
			stream.setEncoding('utf8').on('data', (chunk: string) => {
				read[name] += chunk;
				if (closing?.stream !== name || stream.destroyed) return;
				if (!(closing.after ?? /\n/).test(read[name])) return;
				stream.destroy();
				closing.afterClose?.(read[name]);
			});
		}
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, ...read }));
	});
}

/** Runs `matrix-howto smoke <args>`. */
export const runSmoke = (args: string[], env: Record<string, string> = {}) =>
	runCli(['smoke', ...args], env);

/** A `node:http` server of the test's own on 127.0.0.1. */
export interface TestServer {
	url: string;
	port: number;
	close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1 with `listener`. */
export function startServer(
	listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
	const server = createServer(listener);
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}`,
				port,
				close: () =>
					new Promise<void>((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

/** A port on 127.0.0.1 that nothing listens on: it was free a moment ago. */
export async function closedPort(): Promise<number> {
	const server = await startServer(() => {});
	await server.close();
	return server.port;
}

/** Answers with a JSON body, as a homeserver would. */
export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
) {
	res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

/** The request path without its query. */
export const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0] ?? '/';

/** Reads a request's whole body. */
export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** The same request again, with a body already read from it. */
export function replay(req: IncomingMessage, body: string): IncomingMessage {
	const copy = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
	return Object.assign(copy, {
		method: req.method,
		url: req.url,
		headers: { ...req.headers, 'content-length': String(Buffer.byteLength(body)) },
		socket: req.socket,
	});
}

/** Lets a test see, and change, the JSON text the sandbox answers with. */
export function rewriteAnswer(res: ServerResponse, change: (text: string) => string) {
	const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
	res.end = ((chunk?: unknown) => {
		if (typeof chunk !== 'string') return end(chunk);
		const text = change(chunk);
		if (!res.headersSent) res.setHeader('Content-Length', Buffer.byteLength(text));
		return end(text);
	}) as typeof res.end;
}

/**
 * Answers a request itself, or hands the sandbox one, and returns true;
 * false lets the sandbox answer.
 */
export type Override = (
	req: IncomingMessage,
	res: ServerResponse,
	sandbox: SandboxHandler,
) => boolean | Promise<boolean>;

/**
 * Serves the sandbox with `override` in front: a variant, e.g. one endpoint
 * that breaks. `options` start the sandbox behind it, e.g. with registration closed.
 */
export function startVariant(
	override: Override,
	options: SandboxHandlerOptions = {},
): Promise<TestServer> {
	const sandbox = createSandboxHandler(options);
	return startServer((req, res) => {
		void (async () => {
			if (!(await override(req, res, sandbox))) sandbox(req, res);
		})();
	});
}

const registerPath = '/_matrix/client/v3/register';

/**
 * Registration as Synapse does it with `registration_requires_token`: a
 * registration token stage, then the dummy stage, in one session.
 */
export function requireRegistrationToken(token: string): Override {
	const flows = [{ stages: ['m.login.registration_token', 'm.login.dummy'] }];
	const tokenPassed = new Set<string>();
	return async (req, res, sandbox) => {
		if (req.method !== 'POST' || pathOf(req) !== registerPath) return false;
		const text = await readBody(req);
		const auth = JSON.parse(text || '{}').auth;
		const session = auth?.session;
		if (auth?.type === 'm.login.registration_token') {
			if (auth.token !== token) {
				const error = 'Invalid registration token';
				sendJson(res, 401, {
					errcode: 'M_FORBIDDEN',
					error,
					flows,
					session,
					completed: [],
				});
				return true;
			}
			tokenPassed.add(session);
			sendJson(res, 401, { flows, params: {}, session, completed: [flows[0]?.stages[0]] });
			return true;
		}
		if (auth?.type === 'm.login.dummy' && !tokenPassed.has(session)) {
			sendJson(res, 401, { flows, params: {}, session, completed: [] });
			return true;
		}
		rewriteAnswer(res, (answer) => {
			const json = JSON.parse(answer);
			if (json.flows) json.flows = flows;
			return JSON.stringify(json);
		});
		sandbox(replay(req, text), res);
		return true;
	};
}

const secretFields = new Set(['password', 'token', 'access_token', 'refresh_token']);

function collectSecrets(text: string, found: Set<string>) {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return;
	}
	const walk = (node: unknown) => {
		if (node === null || typeof node !== 'object') return;
		for (const [name, value] of Object.entries(node)) {
			if (secretFields.has(name) && typeof value === 'string') found.add(value);
			walk(value);
		}
	};
	walk(json);
}

/**
 * Notes every password, token and access token that crosses the wire, in
 * request bodies and in answers, then lets `inner` (or the sandbox) answer.
 */
export function recordSecrets(found: Set<string>, inner: Override = () => false): Override {
	return async (req, res, sandbox) => {
		rewriteAnswer(res, (text) => {
			collectSecrets(text, found);
			return text;
		});
		const text = req.method === 'POST' || req.method === 'PUT' ? await readBody(req) : '';
		collectSecrets(text, found);
		const again = text === '' ? req : replay(req, text);
		if (!(await inner(again, res, sandbox))) sandbox(again, res);
		return true;
	};
}

/** The sandbox as it is, on a free port. */
export const startPlainSandbox = () => startVariant(() => false);

/**
 * Starts the sandbox with registration options (issue 3): `registration`
 * `'open' | 'token' | 'closed'` and `registrationToken`. Spread untyped, so
 * this file still type-checks while the sandbox does not have them yet.
 */
export function startSandboxWith(registration: object): Promise<RunningSandbox> {
	return startSandbox({ port: 0, ...registration } as SandboxOptions);
}

/** True once the sandbox honours `registration: 'closed'`. */
export async function sandboxHasRegistrationModes(): Promise<boolean> {
	const sandbox = await startSandboxWith({ registration: 'closed' });
	try {
		const answer = await fetch(`${sandbox.url}/_matrix/client/v3/register`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{"username": "probe", "password": "probe-password"}',
		});
		await answer.text();
		return answer.status === 403;
	} finally {
		await sandbox.close();
	}
}

/** A --verbose run's `-->` and `<--` lines apart from the other lines of the same output. */
export function takeRequestLines(output: string): { requests: string[]; rest: string } {
	const lines = output.split(/(?<=\n)/);
	const isRequest = (line: string) => /^(-->|<--) /.test(line);
	return {
		requests: lines.filter(isRequest).map((line) => line.trimEnd()),
		rest: lines.filter((line) => !isRequest(line)).join(''),
	};
}

/** One step as the CLI printed it: outcome, HTTP status, and the lines under it. */
export interface PrintedStep {
	outcome: string;
	status: string;
	title: string;
	/** Why it failed or was skipped, and its notes, without the indent. */
	detail: string[];
}

/** Finds step `id` in a run's output; throws when it is not there. */
export function printedStep(output: string, id: string): PrintedStep {
	const lines = output.split('\n');
	const at = lines.findIndex(
		(line) => /^(PASS|FAIL|SKIP) {2}/.test(line) && line.split(/ +/)[1] === id,
	);
	const head = lines[at];
	if (head === undefined) throw new Error(`no line for step ${id} in:\n${output}`);
	const [outcome = '', , status = ''] = head.split(/ +/);
	// Outcome, name and status, then the time unless the step was not sent.
	const title = head.replace(/^(?:\S+ +){3}(?:\d+(?:\.\d)? m?s +)?/, '');
	const detail: string[] = [];
	for (const line of lines.slice(at + 1)) {
		if (!line.startsWith('      ')) break;
		detail.push(line.trim());
	}
	return { outcome, status, title, detail };
}
