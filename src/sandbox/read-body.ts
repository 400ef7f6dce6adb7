import type { IncomingMessage } from 'node:http';
import { badJson, MatrixError } from './errors.ts';
import { isJsonObject, parseJson, type JsonObject } from './json.ts';

/** The largest request body the sandbox reads, in bytes. */
export const maxBodyBytes = 1024 * 1024;

const tooLarge = () =>
	new MatrixError(413, 'M_TOO_LARGE', `The request body is larger than ${maxBodyBytes} bytes.`);

/** Reads the whole body as bytes, refusing with 413 M_TOO_LARGE past `maxBodyBytes`. */
export function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > maxBodyBytes) return Promise.reject(tooLarge());
	// Already read to the end (by a wrapper in front of the handler): nothing is left,
	// and waiting for 'end' again would wait forever.
	if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));

	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let failed = false;
		req.on('data', (chunk: Buffer) => {
			if (failed) return;
			size += chunk.length;
			if (size > maxBodyBytes) {
				failed = true;
				reject(tooLarge());
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks));
		});
		req.on('error', (error) => {
			if (!failed) reject(error);
		});
	});
}

/**
 * Parses a request body as a JSON object. The Content-Type header is ignored, as
 * Synapse does, because many clients (and curl) send JSON without it.
 * An empty body is `{}` when `allowEmpty`, else M_NOT_JSON.
 */
export function parseJsonBody(bytes: Buffer, allowEmpty: boolean): JsonObject {
	const text = bytes.toString('utf8');
	if (text.trim() === '') {
		if (allowEmpty) return {};
		throw new MatrixError(400, 'M_NOT_JSON', 'The request needs a JSON object as its body.');
	}
	const value = parseJson(text, 'The request body');
	if (!isJsonObject(value)) throw badJson('The request body must be a JSON object.');
	return value;
}
