import { el } from '../dom.ts';
import type { ClientState, Invite } from './client-state.ts';
import { describeEvent, messageText } from './describe-event.ts';
import type { RoomModel } from './room-model.ts';

/** What the lists ask the app to do. */
export interface RoomListActions {
	open(roomId: string): void;
	accept(roomId: string): void;
	decline(roomId: string): void;
}

/**
 * The invites and the rooms, one button per room with its name, alias and
 * latest message. Rows are kept and updated in place, so a sync batch does not
 * take the keyboard focus away from the room a reader is on.
 */
export class RoomList {
	readonly #invites: HTMLElement;
	readonly #rooms: HTMLElement;
	readonly #actions: RoomListActions;
	readonly #rows = new Map<string, { item: HTMLLIElement; button: HTMLButtonElement }>();
	/** Invites with a call in flight, so their buttons stay disabled. */
	readonly busy = new Set<string>();

	constructor(invites: HTMLElement, rooms: HTMLElement, actions: RoomListActions) {
		this.#invites = invites;
		this.#rooms = rooms;
		this.#actions = actions;
	}

	/** Redraws both lists from the state; `selected` is the open room. */
	render(state: ClientState, selected: string | null): void {
		this.#renderInvites([...state.invites.values()].sort((a, b) => b.ts - a.ts));
		const rooms = state.sortedRooms();
		for (const [roomId, row] of this.#rows) {
			if (!state.rooms.has(roomId)) {
				row.item.remove();
				this.#rows.delete(roomId);
			}
		}
		for (const room of rooms) {
			const row = this.#rows.get(room.roomId) ?? this.#newRow(room.roomId);
			fillRow(row.button, room, state.userId, room.roomId === selected);
		}
		// Only move rows when the order changed: moving a focused button blurs it.
		const order = rooms.map((room) => this.#rows.get(room.roomId)?.item);
		const shown = [...this.#rooms.children];
		if (order.some((item, index) => item !== shown[index])) {
			this.#rooms.append(...order.filter((item) => item !== undefined));
		}
	}

	/** Puts the keyboard focus on a room's row, when it has one. */
	focus(roomId: string): void {
		this.#rows.get(roomId)?.button.focus();
	}

	/** Forgets every row, e.g. when another account signs in. */
	clear(): void {
		this.#rows.clear();
		this.#rooms.replaceChildren();
		this.#invites.replaceChildren();
	}

	#newRow(roomId: string) {
		const button = el('button', { type: 'button', class: 'xapp-room-item' });
		button.addEventListener('click', () => this.#actions.open(roomId));
		const item = el('li', {}, button);
		const row = { item, button };
		this.#rows.set(roomId, row);
		return row;
	}

	#renderInvites(invites: readonly Invite[]): void {
		this.#invites.replaceChildren(
			...invites.map((invite) => {
				const accept = el('button', { type: 'button', class: 'xapp-primary' }, 'Accept');
				const decline = el('button', { type: 'button' }, 'Decline');
				accept.addEventListener('click', () => this.#actions.accept(invite.roomId));
				decline.addEventListener('click', () => this.#actions.decline(invite.roomId));
				accept.disabled = decline.disabled = this.busy.has(invite.roomId);
				const from = invite.inviterName
					? `${invite.inviterName} (${invite.inviter})`
					: invite.inviter;
				return el(
					'li',
					{ class: 'xapp-invite', 'data-room-id': invite.roomId },
					el('span', { class: 'xapp-room-name' }, invite.roomName ?? invite.roomId),
					el('span', { class: 'xapp-room-line' }, `Invited by ${from}`),
					el('span', { class: 'xapp-actions' }, accept, decline),
				);
			}),
		);
	}
}

function fillRow(button: HTMLButtonElement, room: RoomModel, userId: string, open: boolean): void {
	const name = room.displayName(userId);
	const alias = room.alias();
	const latest = room.latestMessage();
	let line = 'No messages yet';
	if (latest) {
		line = `${latest.sender === userId ? 'You' : room.nameOf(latest.sender)}: ${messageText(latest)}`;
	} else {
		const last = room.timeline.at(-1);
		if (last) line = describeEvent(last, (id) => room.nameOf(id)) ?? line;
	}
	button.dataset['roomId'] = room.roomId;
	if (open) button.setAttribute('aria-current', 'true');
	else button.removeAttribute('aria-current');
	const top = el(
		'span',
		{ class: 'xapp-room-top' },
		el('span', { class: 'xapp-room-name' }, name),
		room.unread > 0 &&
			!open &&
			el('span', { class: 'xapp-unread', title: 'New messages' }, String(room.unread)),
	);
	const aliasLine = alias && alias !== name && el('span', { class: 'xapp-room-alias' }, alias);
	button.replaceChildren(top, aliasLine || '', el('span', { class: 'xapp-room-line' }, line));
}
