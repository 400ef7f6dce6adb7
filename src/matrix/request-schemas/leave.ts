import { dialect, type JsonSchema } from './json-schema.ts';

/** `POST /rooms/{roomId}/leave`: leave a room, or turn down its invite; usually `{}`. */
export const leaveSchema: JsonSchema = {
	$schema: dialect,
	title: 'Leave a room',
	type: 'object',
	properties: {
		reason: {
			type: 'string',
			description: "A note shown to the room's members with your leaving.",
		},
	},
};
