const accountWords = { me: 'your', friend: "your friend's" } as const;

const fieldWords: Record<string, string> = {
	accessToken: 'access token',
	userId: 'user ID',
	deviceId: 'device ID',
	username: 'username',
	password: 'password',
	uiaSession: 'registration session',
	serverName: 'server name',
};

const globalWords: Record<string, string> = {
	baseUrl: 'the homeserver URL',
	roomId: 'the room ID',
	roomAlias: 'the room alias',
	roomAliasName: 'the alias name for the room',
	eventId: 'the event ID',
	nextBatch: 'the sync token (next_batch)',
	filterId: 'the filter ID',
	publicRoomId: 'the public room ID',
	publicRoomAlias: 'the public room alias',
	publicRoomAliasName: 'the alias name for the public room',
};

/** A few words a reader understands for a variable, e.g. "your friend's user ID". */
export function describeVariable(name: string): string {
	const [head = '', field] = name.split('.');
	if (field !== undefined && (head === 'me' || head === 'friend')) {
		return `${accountWords[head]} ${fieldWords[field] ?? field}`;
	}
	return globalWords[name] ?? name;
}
