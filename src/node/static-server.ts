import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
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
	const root = resolve(options.root);
	const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
	const server = createServer((request, response) => {
		void (async () => {
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
				response.writeHead(404, { 'content-type': 'text/plain' });
				response.end(`Not found. This site is served under ${base}\n`);
				return;
			}
			let file = normalize(join(root, path.slice(base.length)));
			if (file !== root && !file.startsWith(root + sep)) {
				response.writeHead(404).end();
				return;
			}
			let info = await stat(file).catch(() => null);
			if (info?.isDirectory()) {
				if (!path.endsWith('/')) {
					response.writeHead(301, { location: `${target.rawPath}/${search}` }).end();
					return;
				}
				file = join(file, 'index.html');
				info = await stat(file).catch(() => null);
			}
			if (!info?.isFile()) {
				response.writeHead(404, { 'content-type': 'text/plain' });
				response.end('Not found.\n');
				return;
			}
			const type = contentTypes[extname(file)] ?? 'application/octet-stream';
			// Compressed like any real static host does, so measurements are fair.
			const gzip =
				compressible(type) && /\bgzip\b/.test(String(request.headers['accept-encoding']));
			response.writeHead(200, {
				'content-type': type,
				...(gzip
					? { 'content-encoding': 'gzip', vary: 'accept-encoding' }
					: { 'content-length': info.size }),
				'cache-control': 'no-cache',
			});
			if (request.method === 'HEAD') response.end();
			else if (gzip) createReadStream(file).pipe(createGzip()).pipe(response);
			else createReadStream(file).pipe(response);
		})().catch(() => {
			if (!response.headersSent) response.writeHead(500);
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
