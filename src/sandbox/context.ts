import type { Logger } from '../node/logger.ts';
import type { Notifier } from './notifier.ts';
import type { SandboxStore } from './store.ts';

/** Who may register: anyone, holders of the registration token, or nobody. */
export type RegistrationMode = 'open' | 'token' | 'closed';

/** What every endpoint gets: the store, the long-poll notifier and the server's identity. */
export interface SandboxContext {
	readonly store: SandboxStore;
	readonly notifier: Notifier;
	/** The part after the colon in user IDs, room IDs and aliases. */
	readonly serverName: string;
	readonly logger: Logger;
	readonly registration: RegistrationMode;
	/** The token the `m.login.registration_token` stage wants when registration is `token`. */
	readonly registrationToken: string | undefined;
	/** Whether the retired `r0` paths and `POST .../send/{eventType}` are served. */
	readonly legacyPaths: boolean;
	/** Milliseconds since the epoch; one clock for timestamps, ages and expiry. */
	now(): number;
}

/** The user and device behind an access token. */
export interface Requester {
	readonly userId: string;
	readonly deviceId: string;
	readonly accessToken: string;
}
