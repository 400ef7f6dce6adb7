import { dialect, knownStrings, type JsonSchema } from './json-schema.ts';

/** `POST /login`: trade a user and password (or a login token) for an access token. */
export const loginSchema: JsonSchema = {
	$schema: dialect,
	title: 'Log in',
	type: 'object',
	properties: {
		type: knownStrings('How you prove who you are; GET /login lists what this server accepts.', {
			'm.login.password': 'A user identifier and a password.',
			'm.login.token': 'A short-lived token, as handed over at the end of single sign-on.',
		}),
		identifier: {
			type: 'object',
			description: 'Who is logging in.',
			properties: {
				type: knownStrings('What kind of identifier follows.', {
					'm.id.user': 'A Matrix user: its local part or the full @name:server.',
					'm.id.thirdparty': 'An email address or phone number bound to the account.',
					'm.id.phone': 'A phone number with its country.',
				}),
				user: {
					type: 'string',
					description: 'For m.id.user: the local part or the full user ID.',
				},
			},
			required: ['type'],
		},
		password: { type: 'string', description: "For m.login.password: the account's password." },
		token: { type: 'string', description: 'For m.login.token: the login token.' },
		user: {
			type: 'string',
			deprecated: true,
			description:
				'Deprecated: put the user in "identifier" as {"type": "m.id.user", "user": ...}.',
		},
		device_id: {
			type: 'string',
			description: 'Log in again as an existing device; left out, the server makes a new one.',
		},
		initial_device_display_name: {
			type: 'string',
			description: "A name for a new device, shown in the account's device list.",
		},
		refresh_token: {
			type: 'boolean',
			description: 'true: this client can handle refresh tokens (short-lived access tokens).',
		},
	},
	required: ['type'],
};
