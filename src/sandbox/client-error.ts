import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { corsHeaders } from './cors.ts';

// Node answers a request it cannot parse (an unknown method, a broken header, a
// header block over the limit) itself, with an empty body and no CORS headers,
// so a page calling the sandbox sees only "network error" and a script gets no
// errcode. This writes the same status the way every other sandbox answer looks.

const statusFor: Record<string, [number, string]> = {
	HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
	ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/** The raw bytes of the answer to a request Node could not read. */
function rawAnswer(error: NodeJS.ErrnoException): string {
	const [status, reason] = statusFor[error.code ?? ''] ?? [400, 'Bad Request'];
	const detail =
		status === 431
			? 'its headers are too large'
			: status === 408
				? 'it did not arrive in time'
				: 'it is not well-formed HTTP/1.1';
	const body = JSON.stringify({
		errcode: status === 400 ? 'M_UNRECOGNIZED' : 'M_UNKNOWN',
		error: `The sandbox could not read this request: ${detail}. Send a standard HTTP request (any HTTP client or browser does).`,
	});
	const head = [
		`HTTP/1.1 ${status} ${reason}`,
		...Object.entries(corsHeaders).map(([name, value]) => `${name}: ${value}`),
		'Content-Type: application/json',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'Connection: close',
	];
	return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** What a server needs to answer unreadable requests: `track` every request, `answer` errors. */
export interface ClientErrors {
	track(req: IncomingMessage, res: ServerResponse): void;
	answer(error: NodeJS.ErrnoException, socket: Duplex): void;
}

/**
 * Answers unreadable requests after the good ones before them on the same
 * connection: a valid request followed by garbage still gets its own answer
 * (and is carried out), then the error, then the connection closes.
 */
export function createClientErrors(): ClientErrors {
	const open = new WeakMap<Duplex, Set<ServerResponse>>();
	const answering = new WeakSet<Duplex>();
	return {
		track(req, res) {
			const socket = req.socket;
			const responses = open.get(socket) ?? new Set();
			open.set(socket, responses);
			responses.add(res);
			res.once('close', () => responses.delete(res));
		},
		answer(error, socket) {
			// A peer that hung up cannot be answered; a parser that failed once may
			// report again on the next bytes, but the connection gets one answer.
			if (error.code === 'ECONNRESET' || !socket.writable || answering.has(socket)) {
				if (error.code === 'ECONNRESET') socket.destroy();
				return;
			}
			answering.add(socket);
			// Nothing more is read from a connection that sent something unreadable.
			socket.pause();
			const before = [...(open.get(socket) ?? [])].map(
				(res) => new Promise<void>((done) => (res.closed ? done() : res.once('close', done))),
			);
			void Promise.all(before).then(() => {
				if (socket.writable) socket.end(rawAnswer(error));
				else socket.destroy();
			});
		},
	};
}
