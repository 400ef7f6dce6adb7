import { checkLogin, type LoginOffer } from './check-login.ts';
import { checkVersions } from './check-versions.ts';
import { discoverBaseUrl, type Target } from './discover.ts';
import type { Sender } from './probe.ts';

/** The homeserver the run goes to, as the probes found it. */
export interface Homeserver {
	readonly baseUrl: string;
	/** How the base URL was found, for the first line of output. */
	readonly how: string;
	readonly versions: readonly string[];
	readonly login: LoginOffer;
}

/**
 * Finds the base URL (discovery for a server name), checks `/versions` and
 * reads `GET /login`. Throws `SmokeStop` when the server is unreachable or
 * does not suit the guide.
 */
export async function findHomeserver(
	target: Target,
	sender: Sender,
	how = 'as given',
): Promise<Homeserver> {
	const found =
		target.kind === 'base-url'
			? { baseUrl: target.baseUrl, how }
			: await discoverBaseUrl(target.serverName, sender);
	const versions = await checkVersions(found.baseUrl, sender);
	const login = await checkLogin(found.baseUrl, sender);
	return { ...found, versions, login };
}
