import { dialect, type JsonSchema } from './json-schema.ts';

/** `POST /rooms/{roomId}/join` and `POST /join/{roomIdOrAlias}`: usually just `{}`. */
export const joinSchema: JsonSchema = {
	$schema: dialect,
	title: 'Join a room',
	type: 'object',
	properties: {
		reason: {
			type: 'string',
			description: "A note shown to the room's members with your join.",
		},
	},
};
