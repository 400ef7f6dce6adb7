import { dialect, type JsonSchema } from './json-schema.ts';

/** The content of an `m.room.message` event, as sent with `PUT .../send/m.room.message/{txnId}`. */
export const roomMessageSchema: JsonSchema = {
	$schema: dialect,
	title: 'Message content',
	type: 'object',
	properties: {
		msgtype: {
			type: 'string',
			description: 'What kind of message this is; clients show each kind differently.',
			enum: [
				'm.text',
				'm.emote',
				'm.notice',
				'm.image',
				'm.file',
				'm.audio',
				'm.video',
				'm.location',
				'm.key.verification.request',
				'm.server_notice',
			],
		},
		body: {
			type: 'string',
			description: 'The plain text of the message, shown by every client.',
		},
		format: {
			type: 'string',
			description: 'The markup used in formatted_body; today only org.matrix.custom.html.',
			enum: ['org.matrix.custom.html'],
		},
		formatted_body: {
			type: 'string',
			description: 'The message with markup, for clients that render it; body stays the fallback.',
		},
	},
	required: ['msgtype', 'body'],
};
