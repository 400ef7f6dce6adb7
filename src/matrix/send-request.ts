import type { BuiltRequest } from './build-request.ts';

/** What came back: status, headers, the body as text and, when it is JSON, parsed. */
export interface ExchangeResult {
	readonly status: number;
	readonly statusText: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly contentType: string;
	readonly text: string;
	/** The parsed body, or undefined when it is not JSON. */
	readonly json: unknown;
	/** Milliseconds from sending to the whole body read. */
	readonly ms: number;
}

/** The request never got an answer: refused, unreachable, blocked or aborted. */
export class NetworkError extends Error {
	override readonly name = 'NetworkError';
	readonly method: string;
	readonly url: string;
	readonly aborted: boolean;
	constructor(method: string, url: string, cause: unknown, aborted: boolean) {
		const detail = cause instanceof Error ? cause.message : String(cause);
		super(
			aborted
				? `${method} ${url} was cancelled before the server answered.`
				: `${method} ${url} got no answer (${detail}).`,
			{ cause },
		);
		this.method = method;
		this.url = url;
		this.aborted = aborted;
	}
}

/** A `fetch` of the shape both browsers and undici offer; passed in for tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Sends a built request and reads the whole answer; never throws for an HTTP status. */
export async function sendRequest(
	request: BuiltRequest,
	fetcher: FetchLike,
	signal?: AbortSignal,
): Promise<ExchangeResult> {
	const started = performance.now();
	let response: Response;
	let text: string;
	try {
		const init: RequestInit = { method: request.method, headers: { ...request.headers } };
		if (request.body !== null) init.body = request.body;
		if (signal) init.signal = signal;
		response = await fetcher(request.url, init);
		text = await response.text();
	} catch (error) {
		throw new NetworkError(request.method, request.url, error, signal?.aborted === true);
	}
	const ms = performance.now() - started;
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		headers[name] = value;
	});
	let json: unknown;
	try {
		json = text === '' ? undefined : JSON.parse(text);
	} catch {
		json = undefined;
	}
	return {
		status: response.status,
		statusText: response.statusText,
		headers,
		contentType: response.headers.get('content-type') ?? '',
		text,
		json,
		ms,
	};
}
