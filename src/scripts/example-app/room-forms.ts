/** What the "create a room" form asks for. */
export interface NewRoom {
	readonly name: string;
	/** The alias's local part, without `#` and server, or empty for none. */
	readonly aliasName: string;
	readonly isPublic: boolean;
}

/** Reads the create form; the alias may be typed as `lobby`, `#lobby` or `#lobby:server`. */
export function readCreateForm(form: HTMLFormElement): NewRoom {
	const data = new FormData(form);
	return {
		name: String(data.get('name') ?? '').trim(),
		aliasName: aliasLocalpart(String(data.get('alias') ?? '')),
		isPublic: data.get('visibility') === 'public',
	};
}

/** The local part of an alias as typed: `#lobby:example.org`, `#lobby` and `lobby` give `lobby`. */
export function aliasLocalpart(typed: string): string {
	const bare = typed.trim().replace(/^#/, '');
	const colon = bare.indexOf(':');
	return colon === -1 ? bare : bare.slice(0, colon);
}

/** Why a join target cannot be right, or null: it must be `#alias:server` or `!id:server`. */
export function joinTargetProblem(target: string): string | null {
	if (/^[#!][^:\s]+:\S+$/.test(target)) return null;
	return `“${target}” is neither a room alias (#name:server) nor a room ID (!id:server).`;
}

/** Why an invitee cannot be right, or null: it must be a user ID, `@name:server`. */
export function userIdProblem(userId: string): string | null {
	if (/^@[^:\s]+:\S+$/.test(userId)) return null;
	return `“${userId}” is not a user ID; they look like @name:server.`;
}
