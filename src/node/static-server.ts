import { open, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';

const contentTypes: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.txt': 'text/plain; charset=utf-8',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf',
};

/** Options for serving a built site. */
export interface StaticServerOptions {
	/** The folder to serve, e.g. `dist`. */
	readonly root: string;
	readonly host?: string;
	readonly port?: number;
	/** The sub-path the site was built for, e.g. `/matrix-howto/`. */
	readonly base?: string;
}

/** A running static server. */
export interface RunningStaticServer {
	readonly url: string;
	readonly server: Server;
	close(): Promise<void>;
}

/**
 * Serves a folder of built files the way a plain static host does: no
 * rewriting beyond `dir/` → `dir/index.html`, nothing outside the folder.
 */
export async function startStaticServer(
	options: StaticServerOptions,
): Promise<RunningStaticServer> {
	// Resolved through symlinks once, so that a link inside the folder that
	// points outside it is caught by the same check as "../".
	const root = await realpath(resolve(options.root)).catch((error: NodeJS.ErrnoException) => {
		if (error.code !== 'ENOENT') throw error;
		throw new Error(
			`There is nothing to serve: ${resolve(options.root)} does not exist. Build the site first (npm run build).`,
		);
	});
	const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
	const notFound = (response: ServerResponse, text = 'Not found.') => {
		response.writeHead(404, { 'content-type': 'text/plain' });
		response.end(`${text}\n`);
	};
	const server = createServer((request, response) => {
		void (async () => {
			if (request.method !== 'GET' && request.method !== 'HEAD') {
				response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
				response.end('Only GET and HEAD: this serves files.\n');
				return;
			}
			const target = parseTarget(request.url ?? '/');
			if (target === null) {
				response.writeHead(400, { 'content-type': 'text/plain' });
				response.end('Bad request path.\n');
				return;
			}
			const { path, search } = target;
			// The site's root without its slash, and the host's root, lead to the site,
			// keeping the query (a ?homeserver= link must survive the redirect).
			if (base !== '/' && (path === base.slice(0, -1) || path === '/')) {
				response.writeHead(301, { location: `${base}${search}` }).end();
				return;
			}
			if (!path.startsWith(base)) {
				notFound(response, `Not found. This site is served under ${base}`);
				return;
			}
			let file = await inside(root, normalize(join(root, path.slice(base.length))));
			let info = file === null ? null : await stat(file).catch(() => null);
			if (file !== null && info?.isDirectory()) {
				if (!path.endsWith('/')) {
					response.writeHead(301, { location: `${target.rawPath}/${search}` }).end();
					return;
				}
				file = await inside(root, join(file, 'index.html'));
				info = file === null ? null : await stat(file).catch(() => null);
			}
			if (file === null || !info?.isFile()) {
				notFound(response);
				return;
			}
			await sendFile(request, response, file, info.size);
		})().catch(() => {
			if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
			response.end();
		});
	});
	await new Promise<void>((done, fail) => {
		server.once('error', fail);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `http://${host}:${address.port}${base}`,
		server,
		close: () =>
			new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			}),
	};
}

/** The real path of `file` when it lies in `root` (symlinks followed); null otherwise. */
async function inside(root: string, file: string): Promise<string | null> {
	const real = await realpath(file).catch(() => null);
	if (real === null) return null;
	return real === root || real.startsWith(root + sep) ? real : null;
}

/** Streams one file, gzip when the client takes it; an abandoned download frees its file. */
async function sendFile(
	request: IncomingMessage,
	response: ServerResponse,
	file: string,
	size: number,
): Promise<void> {
	const type = contentTypes[extname(file)] ?? 'application/octet-stream';
	// Compressed like any real static host does, so measurements are fair.
	const gzip = compressible(type) && acceptsGzip(request.headers['accept-encoding']);
	// Opened before the status line, so a file that cannot be opened is a 500, not a cut answer.
	const handle = await open(file, 'r');
	response.writeHead(200, {
		'content-type': type,
		...(gzip
			? { 'content-encoding': 'gzip', vary: 'accept-encoding' }
			: { 'content-length': size }),
		'cache-control': 'no-cache',
	});
	if (request.method === 'HEAD') {
		await handle.close();
		response.end();
		return;
	}
	const stream = handle.createReadStream();
	// pipeline closes the file and ends the answer on any error, a reader's
	// hang-up included; a read error after the status line cuts the connection.
	const done = () => undefined;
	if (gzip) pipeline(stream, createGzip(), response, done);
	else pipeline(stream, response, done);
}

/** Whether an Accept-Encoding header takes gzip: listed (or `*`) without q=0. */
export function acceptsGzip(header: string | undefined): boolean {
	if (header === undefined) return false;
	const weights = new Map<string, number>();
	for (const part of header.split(',')) {
		const [name = '', ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const weight = q === undefined ? 1 : Number(q.slice(2));
		if (name !== '') weights.set(name.trim(), Number.isNaN(weight) ? 0 : weight);
	}
	const gzip = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*');
	return gzip !== undefined && gzip > 0;
}

function compressible(type: string): boolean {
	return /^(text\/|application\/json|image\/svg)/.test(type);
}

/** The request's path decoded (for the file system) and as sent (for redirects), and its query. */
function parseTarget(url: string): { path: string; rawPath: string; search: string } | null {
	try {
		const parsed = new URL(url, 'http://localhost');
		return {
			path: decodeURIComponent(parsed.pathname),
			// One leading slash only: "//host/" in a Location header would leave the site.
			rawPath: parsed.pathname.replace(/^\/+/, '/'),
			search: parsed.search,
		};
	} catch {
		return null;
	}
}
