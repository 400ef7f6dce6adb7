import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../matrix/send-request.ts';

/** Limits on one request, in milliseconds. */
export interface TransportOptions {
	readonly connectTimeoutMs: number;
	/** For the answer's headers and for each gap in its body. */
	readonly requestTimeoutMs: number;
	/** Sent as `User-Agent`, so server logs show who asked. */
	readonly userAgent: string;
	/** Cancels every request in flight and every later one, once aborted. */
	readonly stop?: AbortSignal;
}

/** HTTP through undici: one pool for ordinary steps, others for long-polls. */
export interface Transport {
	readonly fetch: FetchLike;
	/** For a request the server may hold for `waitMs` first, such as `/sync?timeout=`. */
	fetchWaiting(waitMs: number): FetchLike;
	close(): Promise<void>;
}

/** The largest answer body a step reads; a bigger one fails the step instead of the machine. */
export const maxBodyBytes = 64 * 1024 * 1024;

/** A copy of the response whose body stops with an error past `limit` bytes. */
function capped(response: Response, limit: number): Response {
	if (response.body === null) return response;
	const reader = response.body.getReader();
	let seen = 0;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { done, value } = await reader.read();
			if (done) {
				controller.close();
				return;
			}
			seen += value.byteLength;
			if (seen > limit) {
				await reader.cancel();
				controller.error(new Error(`the answer is larger than ${limit / 1024 / 1024} MiB`));
				return;
			}
			controller.enqueue(value);
		},
		cancel: (reason) => reader.cancel(reason),
	});
	const { status, statusText, headers } = response;
	return new Response(body, { status, statusText, headers });
}

/** Creates the run's HTTP transport; close it when the run ends. */
export function createTransport(options: TransportOptions): Transport {
	const agents = new Map<number, Agent>();
	const agentFor = (waitMs: number) => {
		let agent = agents.get(waitMs);
		if (!agent) {
			const limit = options.requestTimeoutMs + waitMs;
			agent = new Agent({
				connectTimeout: options.connectTimeoutMs,
				headersTimeout: limit,
				bodyTimeout: limit,
			});
			agents.set(waitMs, agent);
		}
		return agent;
	};
	const fetcherFor = (waitMs: number): FetchLike => {
		const dispatcher = agentFor(waitMs);
		// The whole exchange has a deadline too: a body that drips a byte at a time
		// never trips undici's per-gap timeout.
		// Well past undici's own limits (its timers tick coarsely), so those speak first.
		const deadline = 3 * options.requestTimeoutMs + waitMs + 2000;
		return async (url, init) => {
			const headers = Object.fromEntries(new Headers(init.headers));
			headers['user-agent'] = options.userAgent;
			const signals = [init.signal, options.stop, AbortSignal.timeout(deadline)];
			const signal = AbortSignal.any(signals.filter((item) => item instanceof AbortSignal));
			// undici's own types differ from the global fetch's in detail only.
			const sent = { ...init, headers, dispatcher, signal } as Parameters<typeof undiciFetch>[1];
			const response = (await undiciFetch(url, sent)) as unknown as Response;
			return capped(response, maxBodyBytes);
		};
	};
	return {
		fetch: fetcherFor(0),
		fetchWaiting: (waitMs) => fetcherFor(Math.max(0, Math.ceil(waitMs))),
		close: async () => {
			await Promise.all([...agents.values()].map((agent) => agent.close()));
		},
	};
}
