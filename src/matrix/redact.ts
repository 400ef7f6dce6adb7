/** JSON keys whose values are secrets wherever they appear. */
const secretKeys = new Set(['access_token', 'refresh_token', 'password', 'token']);

/**
 * How a hidden value looks on screen and in output: dots, and for a long one
 * (an access token) its last four, to tell tokens apart. Shorter secrets, such
 * as passwords, show nothing of themselves.
 */
export function maskSecret(secret: string): string {
	return secret.length < 20 ? '••••••••' : `••••••••${secret.slice(-4)}`;
}

// A secret this short also appears inside ordinary words ("pw" in "pwd"), so it
// is masked only where it stands on its own: between quotes, spaces or
// punctuation, as it does in JSON, a URL or a sentence.
const shortSecretLength = 4;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every occurrence of each secret in `text` with its mask. */
export function redactText(text: string, secrets: Iterable<string>): string {
	let result = text;
	// Longest first, so a secret that contains another is masked whole.
	const sorted = [...new Set(secrets)].filter((s) => s.length > 0);
	sorted.sort((a, b) => b.length - a.length);
	for (const secret of sorted) {
		result =
			secret.length >= shortSecretLength
				? result.split(secret).join(maskSecret(secret))
				: result.replace(
						new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`, 'gu'),
						maskSecret(secret),
					);
	}
	return result;
}

/** A copy of a parsed JSON value with secret-named fields and known secrets masked. */
export function redactJson(value: unknown, secrets: Iterable<string> = []): unknown {
	const known = [...secrets];
	const walk = (node: unknown, key: string | null): unknown => {
		if (typeof node === 'string') {
			return key !== null && secretKeys.has(key) ? maskSecret(node) : redactText(node, known);
		}
		if (Array.isArray(node)) return node.map((item) => walk(item, null));
		if (node !== null && typeof node === 'object') {
			const copy: Record<string, unknown> = {};
			for (const [name, child] of Object.entries(node)) copy[name] = walk(child, name);
			return copy;
		}
		return node;
	};
	return walk(value, null);
}
