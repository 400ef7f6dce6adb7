import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../../src/sandbox/server.ts';

// The server side of `npm run bench:sandbox`, in a process of its own so that the
// load generator does not share its event loop: `serve.ts sandbox [DATA_DIR]` or
// `serve.ts bare`. Prints its base URL as one JSON line on stderr; SIGTERM stops it.

/** A node:http server that answers a send as cheaply as possible: the ceiling. */
function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
	let count = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			// Parse and answer like the sandbox's send does, minus everything else.
			if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
			const text = JSON.stringify({ event_id: `$bare${++count}` });
			res.writeHead(200, {
				'Content-Type': 'application/json',
				'Content-Length': Buffer.byteLength(text),
				'Access-Control-Allow-Origin': '*',
			});
			res.end(text);
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}`,
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

const [kind, dataDir] = process.argv.slice(2);
const running =
	kind === 'bare'
		? await startBare()
		: await startSandbox({ port: 0, ...(dataDir && { dataDir }) });
process.stderr.write(`${JSON.stringify({ url: running.url })}\n`);
process.once('SIGTERM', () => {
	void running.close().then(() => process.exit(0));
});
