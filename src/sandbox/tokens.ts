import { invalidParam } from './errors.ts';

// One token format serves /sync's `next_batch` and `prev_batch` and /messages'
// `start`/`end`: `s` and a stream position, meaning "after the first N events".

/** The token for stream position `pos`. */
export const streamToken = (pos: number) => `s${pos}`;

/** Parses a token made by `streamToken`; 400 M_INVALID_PARAM for anything else. */
export function parseStreamToken(token: string, name: string, current: number): number {
	const match = /^s(\d{1,15})$/.exec(token);
	const pos = match ? Number(match[1]) : Number.NaN;
	if (!Number.isSafeInteger(pos) || pos > current) {
		throw invalidParam(
			`"${token}" is not a valid ${name} token from this server; use a value it returned.`,
		);
	}
	return pos;
}
