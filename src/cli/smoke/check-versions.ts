import { readPath } from '../../matrix/json-path.ts';
import { describeAnswer, probe, type Sender } from './probe.ts';
import { SmokeStop } from './smoke-stop.ts';

/**
 * The oldest spec version whose paths the guide uses: `/v3` came with v1.1,
 * when `r0` was retired. Every endpoint of the guide exists since then.
 */
export const oldestGuideVersion = 1;

const minor = (version: string) => {
	const match = /^v1\.(\d+)$/.exec(version);
	return match ? Number(match[1]) : null;
};

/** "v1.1 … v1.18": the range of stable versions in a list, for one line of output. */
export function describeVersions(versions: readonly string[]): string {
	const stable = versions.map(minor).filter((n): n is number => n !== null);
	if (stable.length === 0) return versions.join(', ') || 'none';
	const low = Math.min(...stable);
	const high = Math.max(...stable);
	return low === high ? `v1.${low}` : `v1.${low} … v1.${high}`;
}

/**
 * Asks `/_matrix/client/versions` and stops the run unless the server offers
 * a version the guide is written for. Returns the versions it lists.
 */
export async function checkVersions(baseUrl: string, sender: Sender): Promise<string[]> {
	const url = `${baseUrl}/_matrix/client/versions`;
	const answer = await probe(url, sender);
	if (answer.status !== 200) {
		throw new SmokeStop(
			`GET ${url} answered ${describeAnswer(answer)}: no Matrix homeserver at ${baseUrl}? ` +
				'Check the base URL (the part before /_matrix).',
		);
	}
	const versions = readPath(answer.json, ['versions']);
	if (!Array.isArray(versions) || !versions.every((v) => typeof v === 'string')) {
		throw new SmokeStop(
			`GET ${url} did not answer with a "versions" list, so ${baseUrl} does not look ` +
				'like a Matrix homeserver.',
		);
	}
	const usable = versions.some((v) => (minor(v) ?? 0) >= oldestGuideVersion);
	if (!usable) {
		throw new SmokeStop(
			`${baseUrl} offers spec versions ${versions.join(', ') || '(none)'}, but the guide ` +
				`needs v1.${oldestGuideVersion} or newer (its /_matrix/client/v3 paths).`,
		);
	}
	return versions;
}
