import type { Account } from './example.ts';

/** The values a guide run has gathered, keyed like `roomId` or `me.accessToken`. */
export type Variables = Readonly<Record<string, string>>;

/** Where a stored value came from: the id of the step that captured it, or a default. */
export interface Origin {
	readonly step: string | null;
	/** Milliseconds since the epoch. */
	readonly at: number;
}

/** Variable names whose values are secrets: masked on screen, redacted in output. */
export function isSecretVariable(name: string): boolean {
	return name.endsWith('.accessToken') || name.endsWith('.password');
}

/** The account a variable belongs to, for `me.userId` and the like. */
export function accountOf(name: string): Account | null {
	if (name.startsWith('me.')) return 'me';
	if (name.startsWith('friend.')) return 'friend';
	return null;
}

/** The server name part of a user ID: `@alice:example.org` → `example.org`. */
export function serverNameOf(userId: string): string | undefined {
	const at = userId.indexOf(':');
	return at === -1 ? undefined : userId.slice(at + 1);
}

/**
 * Values some names stand for without being stored: `me.serverName` is read
 * off `me.userId`, so it needs whatever step gave the user ID.
 */
export function derivedFrom(name: string): string | null {
	if (name.endsWith('.serverName')) return name.replace(/serverName$/, 'userId');
	return null;
}

/** Looks a name up in stored values, then through its derivation. */
export function resolveVariable(name: string, values: Variables): string | undefined {
	const stored = values[name];
	if (stored !== undefined) return stored;
	const base = derivedFrom(name);
	if (base === null) return undefined;
	const userId = values[base];
	return userId === undefined ? undefined : serverNameOf(userId);
}
