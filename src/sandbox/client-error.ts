import type { Socket } from 'node:net';
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

/** Answers a request Node could not read as HTTP, on its socket, and closes it. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
	// A peer that hung up cannot be answered, and once anything has been written on
	// this connection (a kept-alive one) a second status line would garble it.
	if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) {
		socket.destroy();
		return;
	}
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
	socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
