/** Placeholders look like `{{roomId}}`, `{{me.accessToken}}` or `{{$txnId}}`. */
const placeholder = /\{\{\s*(\$?[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?)\s*\}\}/g;

/** The names of the placeholders in a template, in order, without repeats. */
export function placeholders(template: string): string[] {
	return [...new Set([...template.matchAll(placeholder)].map((match) => match[1] ?? ''))];
}

/** The result of filling a template: the text, and the names that had no value. */
export interface Filled {
	readonly text: string;
	readonly missing: readonly string[];
}

/**
 * Replaces each placeholder with `encode(lookup(name))`. A name with no value
 * stays as written and is reported in `missing`, so nothing half-filled is sent.
 */
export function fillTemplate(
	template: string,
	lookup: (name: string) => string | undefined,
	encode: (value: string, name: string) => string = (value) => value,
): Filled {
	const missing: string[] = [];
	const text = template.replace(placeholder, (whole, name: string) => {
		const value = lookup(name);
		if (value === undefined) {
			if (!missing.includes(name)) missing.push(name);
			return whole;
		}
		return encode(value, name);
	});
	return { text, missing };
}

/** Escapes a value for the inside of a JSON string literal. */
export function escapeJsonString(value: string): string {
	return JSON.stringify(value).slice(1, -1);
}
