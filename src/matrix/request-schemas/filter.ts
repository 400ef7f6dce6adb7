import { dialect, type JsonSchema } from './json-schema.ts';

// The filter fields every kind of event list shares.
const eventFilterFields = {
	limit: { type: 'integer', minimum: 0, description: 'At most this many events.' },
	types: {
		type: 'array',
		description: 'Only these event types; a * at the end matches any rest, as in "m.room.*".',
		items: { type: 'string' },
	},
	not_types: {
		type: 'array',
		description: 'Never these event types, even when "types" lets them in.',
		items: { type: 'string' },
	},
	senders: {
		type: 'array',
		description: 'Only events sent by these user IDs.',
		items: { type: 'string' },
	},
	not_senders: {
		type: 'array',
		description: 'Never events sent by these user IDs.',
		items: { type: 'string' },
	},
} as const;

/** A filter for events that are not in a room: presence, global account data. */
const eventFilter: JsonSchema = { type: 'object', properties: eventFilterFields };

/** A filter for one section of each room: its timeline, state, ephemeral events. */
const roomEventFilter: JsonSchema = {
	type: 'object',
	properties: {
		...eventFilterFields,
		rooms: {
			type: 'array',
			description: 'Only these room IDs.',
			items: { type: 'string' },
		},
		not_rooms: {
			type: 'array',
			description: 'Never these room IDs.',
			items: { type: 'string' },
		},
		contains_url: {
			type: 'boolean',
			description: 'true: only events with a "url" in their content; false: only without.',
		},
		lazy_load_members: {
			type: 'boolean',
			description: 'true: send only the members who appear in the events returned.',
		},
		include_redundant_members: {
			type: 'boolean',
			description: 'With lazy loading: repeat members this client has already been sent.',
		},
		unread_thread_notifications: {
			type: 'boolean',
			description: 'true: count unread notifications per thread as well.',
		},
	},
};

/** A sync filter: inline in `/sync?filter=...`, or stored by `POST /user/{userId}/filter`. */
export const filterSchema: JsonSchema = {
	$schema: dialect,
	title: 'Sync filter',
	type: 'object',
	properties: {
		room: {
			type: 'object',
			description: 'What to return about rooms.',
			properties: {
				timeline: { ...roomEventFilter, description: 'The latest events of each room.' },
				state: { ...roomEventFilter, description: 'The room state before the timeline.' },
				ephemeral: {
					...roomEventFilter,
					description: 'Events that are not kept: typing, read receipts.',
				},
				account_data: {
					...roomEventFilter,
					description: 'Your own per-room data, such as tags.',
				},
				rooms: {
					type: 'array',
					description: 'Only these room IDs, in every section.',
					items: { type: 'string' },
				},
				not_rooms: {
					type: 'array',
					description: 'Never these room IDs, in any section.',
					items: { type: 'string' },
				},
				include_leave: {
					type: 'boolean',
					description: 'true: include rooms you have left (rooms.leave).',
				},
			},
		},
		presence: { ...eventFilter, description: 'Which presence updates to return.' },
		account_data: { ...eventFilter, description: 'Which global account data to return.' },
		event_fields: {
			type: 'array',
			description: 'Return only these fields of each event, as dotted paths: "content.body".',
			items: { type: 'string' },
		},
		event_format: {
			type: 'string',
			description: 'client (the default) strips events down to what clients need.',
			enum: ['client', 'federation'],
		},
	},
};
