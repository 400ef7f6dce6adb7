import { readPath } from '../../matrix/json-path.ts';

function count(value: unknown): number {
	return value !== null && typeof value === 'object' ? Object.keys(value).length : 0;
}

/** One line on what a sync batch brought: events per section, in words. */
export function summarizeSync(json: unknown): string {
	const joined = readPath(json, ['rooms', 'join']);
	let events = 0;
	if (joined !== null && typeof joined === 'object') {
		for (const room of Object.values(joined)) {
			const timeline = readPath(room, ['timeline', 'events']);
			if (Array.isArray(timeline)) events += timeline.length;
		}
	}
	const parts = [
		`${events} timeline ${events === 1 ? 'event' : 'events'} in ${count(joined)} ${count(joined) === 1 ? 'room' : 'rooms'}`,
		`${count(readPath(json, ['rooms', 'invite']))} invites`,
		`${count(readPath(json, ['rooms', 'leave']))} left rooms`,
	];
	const next = readPath(json, ['next_batch']);
	return `${parts.join(', ')}${typeof next === 'string' ? ` · next_batch ${next}` : ''}`;
}
