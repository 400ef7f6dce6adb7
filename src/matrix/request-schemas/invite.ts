import { dialect, type JsonSchema } from './json-schema.ts';

/** `POST /rooms/{roomId}/invite`: who to invite, and why. */
export const inviteSchema: JsonSchema = {
	$schema: dialect,
	title: 'Invite a user',
	type: 'object',
	properties: {
		user_id: { type: 'string', description: 'The full user ID to invite, @name:server.' },
		reason: { type: 'string', description: 'A note the invited user sees with the invite.' },
	},
	required: ['user_id'],
};
