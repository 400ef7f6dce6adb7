import { readPath } from '../../matrix/json-path.ts';
import { probe, type Sender } from './probe.ts';

/** How the server lets clients log in, as far as the guide's steps care. */
export interface LoginOffer {
	/** `m.login.password` is offered: password login and API registration can work. */
	readonly password: boolean;
	/** OAuth 2.0 (spec v1.15 `auth_metadata`) answers. */
	readonly oauth: boolean;
	/** The flow types `GET /login` listed. */
	readonly types: readonly string[];
	/** Why steps that need password login are skipped; null when they can run. */
	readonly unavailable: string | null;
}

/**
 * Reads `GET /login`; when it lacks `m.login.password`, asks whether OAuth 2.0
 * is the way in, so the run can say so instead of failing at registration.
 */
export async function checkLogin(baseUrl: string, sender: Sender): Promise<LoginOffer> {
	const answer = await probe(`${baseUrl}/_matrix/client/v3/login`, sender);
	const flows = readPath(answer.json, ['flows']);
	if (answer.status !== 200 || !Array.isArray(flows)) {
		// The guide's own login-flows step reports this; assume password login meanwhile.
		return { password: true, oauth: false, types: [], unavailable: null };
	}
	const types = flows
		.map((flow) => readPath(flow, ['type']))
		.filter((type): type is string => typeof type === 'string');
	if (types.includes('m.login.password')) {
		return { password: true, oauth: false, types, unavailable: null };
	}

	const metadata = await probe(`${baseUrl}/_matrix/client/v1/auth_metadata`, sender);
	const issuer = readPath(metadata.json, ['issuer']);
	const oauth = metadata.status === 200 && typeof issuer === 'string';
	const offered = types.length > 0 ? types.join(', ') : 'nothing';
	const unavailable = oauth
		? `the server offers only OAuth 2.0 login (GET /login lists ${offered}), ` +
			'so password login and registration through the API are unavailable'
		: `the server does not offer password login (GET /login lists ${offered})`;
	return { password: false, oauth, types, unavailable };
}
