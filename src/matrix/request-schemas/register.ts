import { dialect, knownStrings, type JsonSchema } from './json-schema.ts';

/** `POST /register`: the account wanted, and later the proof for one auth stage. */
export const registerSchema: JsonSchema = {
	$schema: dialect,
	title: 'Register an account',
	type: 'object',
	properties: {
		username: {
			type: 'string',
			description:
				'The local part you want, the "name" in @name:server. Leave it out to get one made up.',
		},
		password: {
			type: 'string',
			description:
				'The password to log in with later; without one, the account lasts as long as its tokens.',
		},
		auth: {
			type: 'object',
			description:
				'Not in the first request; then the stage you complete, with the session from the 401.',
			properties: {
				type: knownStrings('Which stage of the flow this request completes.', {
					'm.login.dummy':
						'A stage that asks for nothing; it only proves you are following the flow.',
					'm.login.registration_token':
						'Send a registration token that the server admin handed out.',
				}),
				session: {
					type: 'string',
					description: 'The "session" from the server\'s 401 answer, tying the stages together.',
				},
				token: {
					type: 'string',
					description: 'For m.login.registration_token: the token itself.',
				},
			},
			// The token stage is pointless without its token; say so while typing.
			if: { properties: { type: { const: 'm.login.registration_token' } }, required: ['type'] },
			then: { required: ['token'] },
		},
		device_id: {
			type: 'string',
			description: 'Reuse an existing device ID; usually left out so the server makes one.',
		},
		initial_device_display_name: {
			type: 'string',
			description: "A name for the new device, shown in the account's device list.",
		},
		inhibit_login: {
			type: 'boolean',
			description: 'true: create the account but return no access token.',
		},
		refresh_token: {
			type: 'boolean',
			description: 'true: this client can handle refresh tokens (short-lived access tokens).',
		},
	},
};
