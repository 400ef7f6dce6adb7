import { textField, type MatrixEvent } from './matrix-event.ts';
import { nonEmpty } from './room-model.ts';

/** Looks a user's name up in the room; falls back to the user ID. */
export type NameOf = (userId: string) => string;

function quoted(text: string): string {
	return `“${text}”`;
}

function withReason(sentence: string, content: Readonly<Record<string, unknown>>): string {
	const reason = nonEmpty(textField(content, 'reason'));
	return reason ? `${sentence}: ${quoted(reason)}` : sentence;
}

/**
 * A membership change in words, the way clients show them: what changed from
 * the previous membership (`unsigned.prev_content`) to this one.
 */
export function describeMembership(event: MatrixEvent, nameOf: NameOf): string {
	const target = event.stateKey ?? '';
	const content = event.content;
	const previous = event.unsigned['prev_content'];
	const before = textField(previous, 'membership');
	const membership = textField(content, 'membership');
	const actor = nameOf(event.sender);
	const newName = nonEmpty(textField(content, 'displayname'));
	const oldName = nonEmpty(textField(previous, 'displayname'));
	// The event's own names first: by now the room's state may hold a later one, or none.
	const who = newName ?? oldName ?? nameOf(target);

	switch (membership) {
		case 'join':
			if (before !== 'join') return `${who} joined the room`;
			if (oldName === newName) return `${who} updated their profile`;
			if (!newName) return `${oldName ?? target} removed their display name`;
			return `${oldName ?? target} is now called ${quoted(newName)}`;
		case 'invite':
			return withReason(`${actor} invited ${who}`, content);
		case 'leave':
			if (event.sender === target) {
				if (before === 'invite') return `${who} declined the invite`;
				return withReason(`${who} left the room`, content);
			}
			if (before === 'invite') return `${actor} withdrew the invite for ${who}`;
			if (before === 'ban') return `${actor} unbanned ${who}`;
			return withReason(`${actor} removed ${who} from the room`, content);
		case 'ban':
			return withReason(`${actor} banned ${who}`, content);
		case 'knock':
			return `${who} asked to join`;
		default:
			return `${actor} changed the membership of ${who}`;
	}
}

const joinRules: Record<string, string> = {
	public: 'made the room public: anyone can join',
	invite: 'made the room invite-only',
	knock: 'let people ask to join',
	restricted: 'limited joining to members of other rooms',
};

const historyWords: Record<string, string> = {
	shared: 'members, from the start',
	invited: 'members, from when they were invited',
	joined: 'members, from when they joined',
	world_readable: 'anyone',
};

/** Any event that is not a message, in words; null for events clients hide. */
export function describeEvent(event: MatrixEvent, nameOf: NameOf): string | null {
	const actor = nameOf(event.sender);
	const content = event.content;
	switch (event.type) {
		case 'm.room.member':
			return describeMembership(event, nameOf);
		case 'm.room.create':
			return `${actor} created the room`;
		case 'm.room.name': {
			const name = nonEmpty(textField(content, 'name'));
			return name ? `${actor} named the room ${quoted(name)}` : `${actor} removed the room name`;
		}
		case 'm.room.topic': {
			const topic = nonEmpty(textField(content, 'topic'));
			return topic ? `${actor} set the topic to ${quoted(topic)}` : `${actor} removed the topic`;
		}
		case 'm.room.canonical_alias': {
			const alias = nonEmpty(textField(content, 'alias'));
			return alias ? `${actor} set the room's address to ${alias}` : `${actor} removed the address`;
		}
		case 'm.room.join_rules': {
			const rule = textField(content, 'join_rule') ?? '';
			return `${actor} ${joinRules[rule] ?? `set the join rule to ${quoted(rule)}`}`;
		}
		case 'm.room.history_visibility': {
			const value = textField(content, 'history_visibility') ?? '';
			return `${actor} made the history visible to ${historyWords[value] ?? quoted(value)}`;
		}
		case 'm.room.power_levels':
			return `${actor} set who may do what (power levels)`;
		case 'm.room.guest_access':
			return textField(content, 'guest_access') === 'can_join'
				? `${actor} let guests join`
				: `${actor} stopped guests from joining`;
		case 'm.room.encryption':
			return `${actor} turned on end-to-end encryption`;
		case 'm.room.redaction':
			return null;
		default:
			return `${actor} sent an event of type ${event.type}`;
	}
}

/** What a message says, as plain text: `body` only, never `formatted_body`. */
export function messageText(event: MatrixEvent): string {
	const body = textField(event.content, 'body');
	const msgtype = textField(event.content, 'msgtype');
	if (body === undefined)
		return Object.keys(event.content).length === 0 ? '(deleted)' : '(no text)';
	if (
		msgtype === 'm.image' ||
		msgtype === 'm.file' ||
		msgtype === 'm.video' ||
		msgtype === 'm.audio'
	) {
		return `[${msgtype.slice(2)}] ${body}`;
	}
	return body;
}
