import type { Example } from '../../matrix/example.ts';

/**
 * The steps the run treats specially, because they make or sign in accounts:
 * registration's first call (answers 401 with flows), its completion, and
 * password login. Everything else just runs.
 */
export type StepKind = 'register-start' | 'register-finish' | 'password-login' | 'other';

/** The path of an example's URL template, e.g. `/_matrix/client/v3/register`. */
export function pathOf(example: Example): string {
	return example.url.replace(/^\{\{\s*baseUrl\s*\}\}/, '');
}

/** Which kind of step an example is, read from its method, path and expected status. */
export function stepKind(example: Example): StepKind {
	if (example.method !== 'POST') return 'other';
	const path = pathOf(example);
	if (/^\/_matrix\/client\/v3\/register$/.test(path)) {
		return example.expect.status === 401 ? 'register-start' : 'register-finish';
	}
	if (/^\/_matrix\/client\/v3\/login$/.test(path)) return 'password-login';
	return 'other';
}

/** True for the guide's logout, which the run also sends to end a session it opened itself. */
export function isLogout(example: Example): boolean {
	return example.method === 'POST' && /^\/_matrix\/client\/v3\/logout$/.test(pathOf(example));
}
