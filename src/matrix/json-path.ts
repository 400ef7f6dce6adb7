/** Reads `path` from a parsed JSON value; undefined when any step is absent. */
export function readPath(value: unknown, path: readonly string[]): unknown {
	let current = value;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.hasOwn(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
