import { readEvents, record, textField, type MatrixEvent } from './matrix-event.ts';
import { nonEmpty, RoomModel } from './room-model.ts';

/** A pending invite, from the stripped state the server sends with it. */
export interface Invite {
	readonly roomId: string;
	readonly roomName: string | undefined;
	readonly inviter: string;
	readonly inviterName: string | undefined;
	readonly ts: number;
}

/** What one sync batch changed, so the views redraw only that. */
export interface SyncChanges {
	/** New timeline events per joined room, oldest first. */
	readonly events: ReadonlyMap<string, readonly MatrixEvent[]>;
	/** Rooms whose loaded timeline was dropped for a gap, or that are new. */
	readonly reset: ReadonlySet<string>;
	/** Rooms the account is no longer in, with the membership that ended it. */
	readonly left: ReadonlyMap<string, MatrixEvent | undefined>;
	readonly invitesChanged: boolean;
}

/** Everything the app knows about the account's rooms; in memory only. */
export class ClientState {
	readonly userId: string;
	readonly rooms = new Map<string, RoomModel>();
	readonly invites = new Map<string, Invite>();

	constructor(userId: string) {
		this.userId = userId;
	}

	/** Applies a `/sync` answer; `live` is false for the first, catch-up sync. */
	applySync(json: unknown, live: boolean): SyncChanges {
		const rooms = record(record(json)?.['rooms']);
		const events = new Map<string, MatrixEvent[]>();
		const reset = new Set<string>();
		const left = new Map<string, MatrixEvent | undefined>();
		let invitesChanged = false;

		for (const [roomId, raw] of Object.entries(record(rooms?.['join']) ?? {})) {
			const existing = this.rooms.get(roomId);
			const room = existing ?? new RoomModel(roomId);
			const lastSeen = existing?.lastActive() ?? 0;
			const timeline = record(record(raw)?.['timeline']);
			// A limited timeline skipped events: what is loaded would show a false
			// continuity, so it is dropped and paging starts again from here.
			const gap = timeline?.['limited'] === true;
			if (!existing || gap) {
				room.resetTimeline();
				room.prevBatch = textField(timeline, 'prev_batch') ?? null;
				reset.add(roomId);
			}
			for (const event of readEvents(record(raw)?.['state'])) room.setState(event);
			const added = room.append(readEvents(timeline));
			// Only what is newer than before counts: after a gap the timeline is
			// loaded afresh, and events seen already come again.
			if (live && existing) {
				room.unread += added.filter(
					(event) =>
						event.type === 'm.room.message' && event.sender !== this.userId && event.ts > lastSeen,
				).length;
			}
			this.rooms.set(roomId, room);
			if (added.length > 0) events.set(roomId, added);
			if (this.invites.delete(roomId)) invitesChanged = true;
		}

		for (const [roomId, raw] of Object.entries(record(rooms?.['invite']) ?? {})) {
			const invite = readInvite(roomId, raw, this.userId);
			if (invite) this.invites.set(roomId, invite);
			invitesChanged = true;
		}

		for (const [roomId, raw] of Object.entries(record(rooms?.['leave']) ?? {})) {
			const timeline = readEvents(record(record(raw)?.['timeline']));
			const ending = timeline.findLast(
				(event) => event.type === 'm.room.member' && event.stateKey === this.userId,
			);
			if (this.invites.delete(roomId)) invitesChanged = true;
			if (this.rooms.delete(roomId)) left.set(roomId, ending);
		}
		return { events, reset, left, invitesChanged };
	}

	/**
	 * Adds a `/messages` page (newest first, as `dir=b` answers) to the start of
	 * a room's timeline. No `end` in the answer means nothing older is left.
	 */
	applyHistory(roomId: string, json: unknown): MatrixEvent[] {
		const room = this.rooms.get(roomId);
		if (!room) return [];
		const chunk = readEvents(record(json)?.['chunk']).reverse();
		const added = room.prepend(chunk);
		const end = textField(json, 'end');
		room.prevBatch = end ?? null;
		if (end === undefined || chunk.length === 0) room.reachedStart = true;
		return added;
	}

	/** Takes the member events of a `/members` answer into the room's state. */
	applyMembers(roomId: string, json: unknown): void {
		const room = this.rooms.get(roomId);
		if (!room) return;
		for (const event of readEvents(record(json)?.['chunk'])) {
			if (event.type === 'm.room.member') room.setState(event);
		}
	}

	/** Rooms, the most recently active first. */
	sortedRooms(): RoomModel[] {
		return [...this.rooms.values()].sort((a, b) => b.lastActive() - a.lastActive());
	}
}

// The invite event itself says who invited us; the rest of the stripped state
// says what the room is called.
function readInvite(roomId: string, raw: unknown, userId: string): Invite | null {
	const state = readEvents(record(raw)?.['invite_state']);
	const mine = state.find(
		(event) =>
			event.type === 'm.room.member' &&
			event.stateKey === userId &&
			textField(event.content, 'membership') === 'invite',
	);
	if (!mine) return null;
	const find = (type: string, stateKey = '') =>
		state.find((event) => event.type === type && event.stateKey === stateKey)?.content;
	const inviterMember = find('m.room.member', mine.sender);
	return {
		roomId,
		roomName:
			nonEmpty(textField(find('m.room.name'), 'name')) ??
			nonEmpty(textField(find('m.room.canonical_alias'), 'alias')),
		inviter: mine.sender,
		inviterName: nonEmpty(textField(inviterMember, 'displayname')),
		ts: mine.ts,
	};
}
