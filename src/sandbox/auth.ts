import type { IncomingHttpHeaders } from 'node:http';
import type { Requester, SandboxContext } from './context.ts';
import { MatrixError } from './errors.ts';

const missingToken = (error: string) => new MatrixError(401, 'M_MISSING_TOKEN', error);

/**
 * The access token of a request: `Authorization: Bearer`, or the deprecated
 * `access_token` query parameter, which the released spec still allows.
 */
export function accessTokenOf(headers: IncomingHttpHeaders, queryToken: string | null): string {
	const header = headers.authorization;
	if (header !== undefined && queryToken !== null) {
		// Synapse refuses the mix too, since the two could name different users.
		throw missingToken(
			'Send the access token either in the Authorization header or in the query string, ' +
				'not both.',
		);
	}
	if (header !== undefined) {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!match?.[1]) {
			throw missingToken('The Authorization header must be "Bearer <access token>".');
		}
		return match[1];
	}
	if (queryToken !== null && queryToken !== '') return queryToken;
	throw missingToken('This endpoint needs an access token: send "Authorization: Bearer <token>".');
}

/** The user and device an access token belongs to; 401 M_UNKNOWN_TOKEN if none. */
export function authenticate(ctx: SandboxContext, accessToken: string): Requester {
	const session = ctx.store.getDeviceSession(accessToken);
	if (!session) {
		throw new MatrixError(
			401,
			'M_UNKNOWN_TOKEN',
			'The access token is not recognised: it was never issued here, or it was logged out. ' +
				'Log in again for a new one.',
			{ soft_logout: false },
		);
	}
	return { userId: session.userId, deviceId: session.deviceId, accessToken };
}
