import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../matrix/send-request.ts';

/** Limits on one request, in milliseconds. */
export interface TransportOptions {
	readonly connectTimeoutMs: number;
	/** For the answer's headers and for each gap in its body. */
	readonly requestTimeoutMs: number;
	/** Sent as `User-Agent`, so server logs show who asked. */
	readonly userAgent: string;
}

/** HTTP through undici: one pool for ordinary steps, others for long-polls. */
export interface Transport {
	readonly fetch: FetchLike;
	/** For a request the server may hold for `waitMs` first, such as `/sync?timeout=`. */
	fetchWaiting(waitMs: number): FetchLike;
	close(): Promise<void>;
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
		return async (url, init) => {
			const headers = Object.fromEntries(new Headers(init.headers));
			headers['user-agent'] = options.userAgent;
			// undici's own types differ from the global fetch's in detail only.
			const sent = { ...init, headers, dispatcher } as Parameters<typeof undiciFetch>[1];
			return (await undiciFetch(url, sent)) as unknown as Response;
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
