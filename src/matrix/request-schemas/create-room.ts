import { dialect, type JsonSchema } from './json-schema.ts';

/** `POST /createRoom`: every setting of a new room; all are optional. */
export const createRoomSchema: JsonSchema = {
	$schema: dialect,
	title: 'Create a room',
	type: 'object',
	properties: {
		preset: {
			type: 'string',
			description: 'A bundle of join rules, history visibility and power levels to start from.',
			enum: ['private_chat', 'public_chat', 'trusted_private_chat'],
		},
		visibility: {
			type: 'string',
			description:
				"public lists the room in the server's room directory; private (the default) does not.",
			enum: ['public', 'private'],
		},
		room_alias_name: {
			type: 'string',
			description: 'Only the local part: "lobby" becomes the alias #lobby:server.',
		},
		name: { type: 'string', description: "The room's display name (an m.room.name event)." },
		topic: { type: 'string', description: 'A line about the room (an m.room.topic event).' },
		invite: {
			type: 'array',
			description: 'User IDs to invite as soon as the room exists.',
			items: { type: 'string', description: 'A user ID, @name:server.' },
		},
		invite_3pid: {
			type: 'array',
			description: 'Invitations by email address, resolved through an identity server.',
			items: {
				type: 'object',
				properties: {
					id_server: { type: 'string', description: "The identity server's host name." },
					id_access_token: { type: 'string', description: 'Your token for that identity server.' },
					medium: { type: 'string', description: 'The kind of address, e.g. "email".' },
					address: { type: 'string', description: 'The address itself.' },
				},
				required: ['id_server', 'id_access_token', 'medium', 'address'],
			},
		},
		initial_state: {
			type: 'array',
			description: "State events to set at creation, after the preset's, e.g. m.room.encryption.",
			items: {
				type: 'object',
				properties: {
					type: { type: 'string', description: "The state event's type." },
					state_key: { type: 'string', description: 'Its state key; "" when left out.' },
					content: { type: 'object', description: "The event's content." },
				},
				required: ['type', 'content'],
			},
		},
		room_version: {
			type: 'string',
			description: 'The room version to use; left out, the server picks its default.',
		},
		is_direct: {
			type: 'boolean',
			description: 'Marks the invites as a direct (one-to-one) chat.',
		},
		creation_content: {
			type: 'object',
			description: 'Extra fields for the m.room.create event, e.g. {"type": "m.space"}.',
		},
		power_level_content_override: {
			type: 'object',
			description: "Fields that replace the preset's m.room.power_levels content.",
		},
	},
};
