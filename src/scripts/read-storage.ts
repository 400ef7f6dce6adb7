/** Reads a JSON value from storage; anything unreadable counts as absent. */
export function readJson(storage: Storage, key: string): unknown {
	try {
		const text = storage.getItem(key);
		return text === null ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Writes a JSON value; a full or blocked storage loses the value, not the page. */
export function writeJson(storage: Storage, key: string, value: unknown): void {
	try {
		storage.setItem(key, JSON.stringify(value));
	} catch {
		// Private windows and full quotas throw here; the page keeps working without saving.
	}
}

/** Keeps only the string entries of a stored object. */
export function stringRecord(value: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return result;
	for (const [key, item] of Object.entries(value)) {
		if (typeof item === 'string') result[key] = item;
	}
	return result;
}
