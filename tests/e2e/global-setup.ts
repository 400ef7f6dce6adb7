import { build } from 'astro';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../src/node/static-server.ts';
import { startSandbox } from '../../src/sandbox/server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds the site once, then serves it and a fresh sandbox on free ports of
 * 127.0.0.1. Tests read the URLs from the environment; both stop at the end.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
	await build({ root, logLevel: 'warn' });
	// MATRIX_HOWTO_E2E_HOMESERVER runs the walk against another homeserver on this
	// machine (e.g. a local Synapse), to check the panels work unchanged there.
	const other = process.env['MATRIX_HOWTO_E2E_HOMESERVER'];
	const sandbox = other ? null : await startSandbox({ port: 0 });
	const site = await startStaticServer({ root: `${root}dist`, port: 0 });
	process.env['GUIDE_URL'] = site.url;
	process.env['SANDBOX_URL'] = other ?? sandbox?.url ?? '';
	return async () => {
		await Promise.all([site.close(), sandbox?.close()]);
	};
}
