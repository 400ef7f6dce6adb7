import { stateKeyOf, textField, type MatrixEvent } from './matrix-event.ts';

/** One person in a room's member list. */
export interface Member {
	readonly userId: string;
	readonly membership: string;
	readonly displayName: string | undefined;
}

/** A joined room as the app knows it: current state and the timeline loaded so far. */
export class RoomModel {
	readonly roomId: string;
	readonly state = new Map<string, MatrixEvent>();
	/** Oldest first. */
	timeline: MatrixEvent[] = [];
	/** Where `/messages` continues backwards from; null once nothing is older. */
	prevBatch: string | null = null;
	/** True once the room's creation (or the oldest event we may see) is loaded. */
	reachedStart = false;
	/** Messages from others that arrived while the room was not open. */
	unread = 0;
	readonly #seen = new Set<string>();

	constructor(roomId: string) {
		this.roomId = roomId;
	}

	/** Whether the timeline already holds this event. */
	has(eventId: string): boolean {
		return eventId !== '' && this.#seen.has(eventId);
	}

	/** Adds newer events at the end; returns the ones that were new. */
	append(events: readonly MatrixEvent[]): MatrixEvent[] {
		const added = events.filter((event) => this.#remember(event));
		this.timeline.push(...added);
		for (const event of added) {
			if (event.stateKey !== undefined) this.setState(event);
			if (event.type === 'm.room.create') this.reachedStart = true;
		}
		return added;
	}

	/** Adds older events at the start (given oldest first); returns the new ones. */
	prepend(events: readonly MatrixEvent[]): MatrixEvent[] {
		const added = events.filter((event) => this.#remember(event));
		this.timeline.unshift(...added);
		if (added.some((event) => event.type === 'm.room.create')) this.reachedStart = true;
		return added;
	}

	/** Forgets the loaded timeline, after a gap the server could not fill. */
	resetTimeline(): void {
		this.timeline = [];
		this.#seen.clear();
		this.reachedStart = false;
	}

	/** Stores a state event unless the one held is newer. */
	setState(event: MatrixEvent): void {
		if (event.stateKey === undefined) return;
		const key = stateKeyOf(event.type, event.stateKey);
		const held = this.state.get(key);
		if (held && held.ts > event.ts && event.ts !== 0) return;
		this.state.set(key, event);
	}

	/** The content of a current state event, if the room has one. */
	stateContent(type: string, stateKey = ''): Readonly<Record<string, unknown>> | undefined {
		return this.state.get(stateKeyOf(type, stateKey))?.content;
	}

	/** Everyone the room's state has a membership for, joined first, then by name. */
	members(): Member[] {
		const order = ['join', 'invite', 'knock', 'leave', 'ban'];
		const list: Member[] = [];
		for (const event of this.state.values()) {
			if (event.type !== 'm.room.member' || event.stateKey === undefined) continue;
			list.push({
				userId: event.stateKey,
				membership: textField(event.content, 'membership') ?? 'leave',
				displayName: nonEmpty(textField(event.content, 'displayname')),
			});
		}
		const rank = (member: Member) => {
			const at = order.indexOf(member.membership);
			return at === -1 ? order.length : at;
		};
		return list.sort(
			(a, b) =>
				rank(a) - rank(b) || (a.displayName ?? a.userId).localeCompare(b.displayName ?? b.userId),
		);
	}

	/** A user's display name in this room, or their user ID. */
	nameOf(userId: string): string {
		const member = this.stateContent('m.room.member', userId);
		return nonEmpty(textField(member, 'displayname')) ?? userId;
	}

	/** The room's canonical alias, if it has one. */
	alias(): string | undefined {
		return nonEmpty(textField(this.stateContent('m.room.canonical_alias'), 'alias'));
	}

	/** The room's topic, if it has one. */
	topic(): string | undefined {
		return nonEmpty(textField(this.stateContent('m.room.topic'), 'topic'));
	}

	/**
	 * The spec's order for naming a room: its name, its alias, then the other
	 * members ("Alice and Bob"), and the room ID when there is nobody else.
	 */
	displayName(myUserId: string): string {
		const name = nonEmpty(textField(this.stateContent('m.room.name'), 'name'));
		if (name) return name;
		const alias = this.alias();
		if (alias) return alias;
		const others = this.members().filter(
			(member) => member.userId !== myUserId && ['join', 'invite'].includes(member.membership),
		);
		if (others.length === 0) return this.roomId;
		const names = others.slice(0, 3).map((member) => member.displayName ?? member.userId);
		if (others.length > 3) return `${names.join(', ')} and ${others.length - 3} more`;
		return names.length === 1
			? (names[0] ?? '')
			: `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
	}

	/** The newest message in the loaded timeline. */
	latestMessage(): MatrixEvent | undefined {
		return this.timeline.findLast((event) => event.type === 'm.room.message');
	}

	/** When the room last saw an event, for sorting the list. */
	lastActive(): number {
		return this.timeline.at(-1)?.ts ?? 0;
	}

	#remember(event: MatrixEvent): boolean {
		if (event.eventId === '') return true;
		if (this.#seen.has(event.eventId)) return false;
		this.#seen.add(event.eventId);
		return true;
	}
}

/** A string with something in it, or undefined. */
export function nonEmpty(text: string | undefined): string | undefined {
	return text !== undefined && text.trim() !== '' ? text : undefined;
}
