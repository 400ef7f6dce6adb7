import { el } from '../dom.ts';
import { describeEvent, messageText } from './describe-event.ts';
import { textField, type MatrixEvent } from './matrix-event.ts';
import type { RoomModel } from './room-model.ts';

/** How far from the bottom still counts as "reading the latest", in pixels. */
const nearBottom = 80;

/** A message of ours not yet confirmed by the sync: its line in the timeline. */
export interface PendingLine {
	/** The server gave it an event ID; the sync will bring the real event. */
	sent(eventId: string): void;
	/** It did not go out; `retry` sends it again with the same transaction ID. */
	failed(reason: string, retry: () => void, discard: () => void): void;
	/** It is going out, the first time or again. */
	sending(): void;
}

interface Pending {
	readonly item: HTMLLIElement;
	eventId: string | null;
}

/** When an event happened, short on screen and in full for tooltips and machines. */
function timeOf(ts: number): HTMLElement | null {
	if (ts === 0) return null;
	const date = new Date(ts);
	const today = new Date().toDateString() === date.toDateString();
	const short = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
	return el(
		'time',
		{ datetime: date.toISOString(), title: date.toLocaleString() },
		today ? short : `${date.toLocaleDateString()} ${short}`,
	);
}

/**
 * The open room's timeline: messages with sender and time, other events in
 * words, our own unconfirmed messages at the end, and the "load earlier"
 * control at the top.
 */
export class TimelineView {
	readonly #scroller: HTMLElement;
	readonly #list: HTMLElement;
	readonly #history: HTMLElement;
	readonly #userId: string;
	readonly #loadEarlier: () => void;
	/** Our unconfirmed messages, per room, by transaction ID. */
	readonly #pendingByRoom = new Map<string, Map<string, Pending>>();
	#room: RoomModel | null = null;

	constructor(
		parts: { scroller: HTMLElement; list: HTMLElement; history: HTMLElement },
		userId: string,
		loadEarlier: () => void,
	) {
		this.#scroller = parts.scroller;
		this.#list = parts.list;
		this.#history = parts.history;
		this.#userId = userId;
		this.#loadEarlier = loadEarlier;
	}

	/** Shows a room from scratch, scrolled to its latest event. */
	show(room: RoomModel): void {
		this.#room = room;
		// Messages confirmed while another room was open are in the timeline by now.
		for (const event of room.timeline) this.#confirm(event);
		const pending = [...this.#pending().values()].map(({ item }) => item);
		this.#list.replaceChildren(...this.#lines(room.timeline), ...pending);
		this.#scroller.scrollTop = this.#scroller.scrollHeight;
	}

	/** Adds new events at the end, replacing our own pending lines they confirm. */
	append(events: readonly MatrixEvent[]): void {
		const room = this.#room;
		if (!room) return;
		const follow = this.#atBottom();
		for (const event of events) {
			this.#confirm(event);
			const line = this.#line(event, room);
			// Before our unconfirmed messages, which stay last until the sync has them.
			if (line) this.#list.insertBefore(line, this.#firstPendingItem());
		}
		if (follow) this.#scroller.scrollTop = this.#scroller.scrollHeight;
	}

	/** Adds older events at the top without moving what the reader is looking at. */
	prepend(events: readonly MatrixEvent[]): void {
		const room = this.#room;
		if (!room) return;
		const before = this.#scroller.scrollHeight;
		this.#list.prepend(...this.#lines(events));
		this.#scroller.scrollTop += this.#scroller.scrollHeight - before;
	}

	/** The "load earlier" area: a button, a note while loading, the start, or an error. */
	history(room: RoomModel, state: 'idle' | 'loading' | 'error', error = ''): void {
		if (room.reachedStart) {
			this.#history.dataset['state'] = 'start';
			this.#history.replaceChildren('This is the start of the room.');
			return;
		}
		this.#history.dataset['state'] = state;
		const button = el(
			'button',
			{ type: 'button', 'data-role': 'load-earlier' },
			state === 'error' ? 'Try again' : 'Load earlier messages',
		);
		button.addEventListener('click', this.#loadEarlier);
		if (state === 'loading') {
			button.disabled = true;
			button.textContent = 'Loading earlier messages…';
		}
		this.#history.replaceChildren(button, state === 'error' ? ` ${error}` : '');
	}

	/** Adds a line for a message on its way out; returns how to update it. */
	addPending(roomId: string, txnId: string, text: string): PendingLine {
		const status = el('p', { class: 'xapp-send-state', role: 'status' }, 'Sending…');
		const item = el(
			'li',
			{ class: 'xapp-event xapp-message xapp-mine', 'data-pending': 'sending' },
			el('div', { class: 'xapp-event-head' }, el('span', { class: 'xapp-sender' }, 'You')),
			el('p', { class: 'xapp-text' }, text),
			status,
		);
		const entry: Pending = { item, eventId: null };
		const pending = this.#pending(roomId);
		pending.set(txnId, entry);
		if (this.#room?.roomId === roomId) {
			this.#list.append(item);
			this.#scroller.scrollTop = this.#scroller.scrollHeight;
		}
		return {
			sending: () => {
				item.dataset['pending'] = 'sending';
				status.replaceChildren('Sending…');
			},
			sent: (eventId) => {
				entry.eventId = eventId;
				item.dataset['pending'] = 'sent';
				status.replaceChildren('Sent, waiting for the sync…');
			},
			failed: (reason, retry, discard) => {
				item.dataset['pending'] = 'failed';
				const again = el('button', { type: 'button', class: 'xapp-small' }, 'Retry');
				const drop = el('button', { type: 'button', class: 'xapp-small' }, 'Discard');
				again.addEventListener('click', retry);
				drop.addEventListener('click', () => {
					pending.delete(txnId);
					item.remove();
					discard();
				});
				const follow = this.#atBottom();
				status.replaceChildren(`Not sent: ${reason} `, again, ' ', drop);
				// The buttons made the line taller; keep them in view.
				if (follow) this.#scroller.scrollTop = this.#scroller.scrollHeight;
			},
		};
	}

	#pending(roomId = this.#room?.roomId ?? ''): Map<string, Pending> {
		let found = this.#pendingByRoom.get(roomId);
		if (!found) {
			found = new Map();
			this.#pendingByRoom.set(roomId, found);
		}
		return found;
	}

	#firstPendingItem(): HTMLLIElement | null {
		for (const { item } of this.#pending().values()) if (item.isConnected) return item;
		return null;
	}

	// Our own message came back through the sync: the pending line goes.
	#confirm(event: MatrixEvent): void {
		if (event.sender !== this.#userId) return;
		const txnId = textField(event.unsigned, 'transaction_id');
		const pending = this.#pending();
		for (const [key, entry] of pending) {
			if (key === txnId || (entry.eventId !== null && entry.eventId === event.eventId)) {
				entry.item.remove();
				pending.delete(key);
			}
		}
	}

	#atBottom(): boolean {
		const { scrollHeight, scrollTop, clientHeight } = this.#scroller;
		return scrollHeight - scrollTop - clientHeight < nearBottom;
	}

	#lines(events: readonly MatrixEvent[]): HTMLLIElement[] {
		const room = this.#room;
		if (!room) return [];
		return events.map((event) => this.#line(event, room)).filter((line) => line !== null);
	}

	#line(event: MatrixEvent, room: RoomModel): HTMLLIElement | null {
		const nameOf = (userId: string) => room.nameOf(userId);
		const attributes: Record<string, string> = { 'data-event-id': event.eventId };
		if (event.type === 'm.room.message') {
			const mine = event.sender === this.#userId;
			const emote = textField(event.content, 'msgtype') === 'm.emote';
			const sender = el(
				'span',
				{ class: 'xapp-sender', title: event.sender },
				nameOf(event.sender),
			);
			return el(
				'li',
				{ ...attributes, class: `xapp-event xapp-message${mine ? ' xapp-mine' : ''}` },
				el('div', { class: 'xapp-event-head' }, sender, ' ', timeOf(event.ts)),
				el(
					'p',
					{ class: emote ? 'xapp-text xapp-emote' : 'xapp-text' },
					emote ? `* ${nameOf(event.sender)} ${messageText(event)}` : messageText(event),
				),
			);
		}
		const words = describeEvent(event, nameOf);
		if (words === null) return null;
		const kind = event.type === 'm.room.member' ? 'xapp-membership' : 'xapp-state';
		return el(
			'li',
			{ ...attributes, class: `xapp-event ${kind}`, 'data-type': event.type },
			el('span', {}, words),
			' ',
			timeOf(event.ts),
		);
	}
}
