import { isJsonObject, type JsonObject } from './json.ts';
import type { RoomState } from './room-view.ts';
import { stateKeyOf } from './store.ts';

const contentOf = (state: RoomState, type: string): JsonObject | undefined =>
	state.get(stateKeyOf(type, ''))?.content;

const intOr = (value: unknown, fallback: number) =>
	typeof value === 'number' && Number.isInteger(value) ? value : fallback;

/** The user who created the room: the create event's sender (room v11 drops `creator`). */
export const roomCreator = (state: RoomState) => state.get(stateKeyOf('m.room.create', ''))?.sender;

/** A user's power level under the auth rules, including the no-power-levels fallback. */
export function userPowerLevel(state: RoomState, userId: string): number {
	const levels = contentOf(state, 'm.room.power_levels');
	if (!levels) return roomCreator(state) === userId ? 100 : 0;
	const users = levels['users'];
	const own = isJsonObject(users) ? users[userId] : undefined;
	return intOr(own, intOr(levels['users_default'], 0));
}

/** The level needed to send an event of `type`, state or not. */
export function eventPowerLevel(state: RoomState, type: string, isState: boolean): number {
	const levels = contentOf(state, 'm.room.power_levels');
	if (!levels) return 0;
	const events = levels['events'];
	const specific = isJsonObject(events) ? events[type] : undefined;
	const fallback = isState
		? intOr(levels['state_default'], 50)
		: intOr(levels['events_default'], 0);
	return intOr(specific, fallback);
}

/** The level needed to invite, kick, ban or redact. */
export function actionPowerLevel(
	state: RoomState,
	action: 'invite' | 'kick' | 'ban' | 'redact',
): number {
	const levels = contentOf(state, 'm.room.power_levels');
	if (!levels) return 0;
	return intOr(levels[action], action === 'invite' ? 0 : 50);
}
