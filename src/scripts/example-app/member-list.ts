import { el } from '../dom.ts';
import type { RoomModel } from './room-model.ts';

const badges: Record<string, string> = { invite: 'invited', knock: 'asked to join', ban: 'banned' };

/** The open room's members: joined ones, then invited; the toggle shows the count. */
export function renderMembers(
	list: HTMLElement,
	toggle: HTMLElement,
	room: RoomModel,
	userId: string,
): void {
	const members = room.members().filter((member) => member.membership !== 'leave');
	const joined = members.filter((member) => member.membership === 'join').length;
	toggle.textContent = `Members (${joined})`;
	list.replaceChildren(
		...members.map((member) =>
			el(
				'li',
				{ class: 'xapp-member', 'data-user-id': member.userId },
				el('span', { class: 'xapp-member-name' }, member.displayName ?? member.userId),
				member.userId === userId ? el('span', { class: 'xapp-badge' }, 'you') : null,
				badges[member.membership]
					? el('span', { class: 'xapp-badge' }, badges[member.membership] ?? '')
					: null,
				member.displayName ? el('span', { class: 'xapp-member-id' }, member.userId) : null,
			),
		),
	);
}
