import type { Account } from '../../matrix/example.ts';
import { serverNameOf } from '../../matrix/variables.ts';
import type { AccountStart } from './prepare-accounts.ts';

// The spec's grammar for the localparts of new user IDs; a name outside it may
// be mapped (case-folded, say) by the server, so no user ID is guessed for it.
const localpart = /^[a-z0-9._=\-/+]+$/;

/**
 * Names a given account that came as a bare localpart by its full user ID,
 * when the other account's user ID shows the server name: both live on the
 * one homeserver the run checks, and `m.id.user` reads a localpart there.
 */
export function completeUserIds(
	starts: Readonly<Record<Account, AccountStart>>,
): Record<Account, AccountStart> {
	const known = Object.values(starts).flatMap((start) =>
		start.kind === 'given' && start.userId ? [start.userId] : [],
	);
	const serverName = known[0] === undefined ? undefined : serverNameOf(known[0]);
	const complete = (start: AccountStart): AccountStart =>
		serverName && start.kind === 'given' && !start.userId && localpart.test(start.label)
			? { ...start, userId: `@${start.label}:${serverName}` }
			: start;
	return { me: complete(starts.me), friend: complete(starts.friend) };
}
