import type { Example } from '../../matrix/example.ts';
import { readPath } from '../../matrix/json-path.ts';
import { pathOf } from './step-kind.ts';

type Check = (json: unknown) => string[];

const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

// Each helper returns problem sentences, or nothing when the field is right.
const string =
	(field: string, prefix?: string, what?: string): Check =>
	(json) => {
		const value = readPath(json, field.split('.'));
		if (value === undefined) return [];
		const shown = JSON.stringify(value);
		if (typeof value !== 'string') return [`"${field}" is not a string: ${shown}`];
		if (prefix !== undefined && !value.startsWith(prefix)) {
			return [
				`"${field}" is not ${what ?? 'valid'} ` + `(it does not start with "${prefix}"): ${shown}`,
			];
		}
		return [];
	};
const object =
	(field: string): Check =>
	(json) => {
		const value = readPath(json, field.split('.'));
		return value === undefined || isObject(value) ? [] : [`"${field}" is not an object`];
	};
const arrayOf =
	(field: string, item: (value: unknown) => string | null): Check =>
	(json) => {
		const value = readPath(json, field.split('.'));
		if (value === undefined) return [];
		if (!Array.isArray(value)) return [`"${field}" is not a list`];
		const problems = value.map(item).filter((p): p is string => p !== null);
		return problems.slice(0, 1).map((problem) => `"${field}" has an entry that ${problem}`);
	};
const topObject: Check = (json) => (isObject(json) ? [] : ['the answer is not a JSON object']);

const userId = string('user_id', '@', 'a user ID');
const signedIn = [topObject, userId, string('access_token'), string('device_id')];
const roomId = string('room_id', '!', 'a room ID');
const roomsSection =
	(name: string): Check =>
	(json) => {
		const section = readPath(json, ['rooms', name]);
		if (section === undefined) return [];
		if (!isObject(section)) return [`"rooms.${name}" is not an object`];
		const bad = Object.entries(section).find(
			([id, room]) => !id.startsWith('!') || !isObject(room),
		);
		return bad ? [`"rooms.${name}" has an entry "${bad[0]}" that is not a room`] : [];
	};

// The response shapes the spec gives for the endpoints the guide calls, as far
// as a client relies on them. Matched by method, path (placeholders as `*`)
// and status; an endpoint missing here is checked by its @expect line only.
const shapes: ReadonlyArray<{ method: string; path: RegExp; status: number; checks: Check[] }> = [
	{
		method: 'POST',
		path: /^\/_matrix\/client\/v3\/register$/,
		status: 401,
		checks: [
			topObject,
			arrayOf('flows', (flow) => {
				const stages = readPath(flow, ['stages']);
				return Array.isArray(stages) && stages.every((s) => typeof s === 'string')
					? null
					: 'has no "stages" list of strings';
			}),
			string('session'),
		],
	},
	{ method: 'POST', path: /^\/_matrix\/client\/v3\/register$/, status: 200, checks: signedIn },
	{
		method: 'GET',
		path: /^\/_matrix\/client\/v3\/login$/,
		status: 200,
		checks: [
			topObject,
			arrayOf('flows', (flow) =>
				typeof readPath(flow, ['type']) === 'string' ? null : 'has no "type" string',
			),
		],
	},
	{ method: 'POST', path: /^\/_matrix\/client\/v3\/login$/, status: 200, checks: signedIn },
	{
		method: 'POST',
		path: /^\/_matrix\/client\/v3\/createRoom$/,
		status: 200,
		checks: [topObject, roomId],
	},
	{
		method: 'PUT',
		path: /^\/_matrix\/client\/v3\/rooms\/\*\/send\/[^/]+\/\*$/,
		status: 200,
		checks: [topObject, string('event_id', '$', 'an event ID')],
	},
	{
		method: 'POST',
		path: /^\/_matrix\/client\/v3\/rooms\/\*\/invite$/,
		status: 200,
		checks: [topObject],
	},
	{
		method: 'POST',
		path: /^\/_matrix\/client\/v3\/rooms\/\*\/join$/,
		status: 200,
		checks: [topObject, roomId],
	},
	{
		method: 'POST',
		path: /^\/_matrix\/client\/v3\/join\/\*$/,
		status: 200,
		checks: [topObject, roomId],
	},
	{
		method: 'GET',
		path: /^\/_matrix\/client\/v3\/rooms\/\*\/members$/,
		status: 200,
		checks: [
			topObject,
			arrayOf('chunk', (event) =>
				readPath(event, ['type']) === 'm.room.member' &&
				typeof readPath(event, ['state_key']) === 'string' &&
				typeof readPath(event, ['content', 'membership']) === 'string'
					? null
					: 'is not an m.room.member event with a state_key and a membership',
			),
		],
	},
	{
		method: 'GET',
		path: /^\/_matrix\/client\/v3\/sync$/,
		status: 200,
		checks: [
			topObject,
			string('next_batch'),
			object('rooms'),
			roomsSection('join'),
			roomsSection('invite'),
			roomsSection('leave'),
		],
	},
	{
		method: 'POST',
		path: /^\/_matrix\/client\/v3\/user\/\*\/filter$/,
		status: 200,
		checks: [topObject, string('filter_id')],
	},
];

/**
 * Checks an answer against the spec's shape for its endpoint, where known:
 * types of fields and the sigils of IDs. Presence is the @expect line's job.
 */
export function checkShape(example: Example, status: number, json: unknown): string[] {
	const path = pathOf(example).replace(/\{\{[^}]*\}\}/g, '*');
	const shape = shapes.find(
		(s) => s.method === example.method && s.status === status && s.path.test(path),
	);
	return shape ? shape.checks.flatMap((check) => check(json)) : [];
}
