/** A JSON Schema (2020-12) written as a plain object, ready for Monaco and for ajv. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The dialect every request schema here declares. */
export const dialect = 'https://json-schema.org/draft/2020-12/schema';

/**
 * A string with well-known values to offer, that still accepts others: completion
 * lists the constants, and validation never flags a value the spec allows.
 */
export function knownStrings(
	description: string,
	values: Readonly<Record<string, string>>,
): JsonSchema {
	return {
		type: 'string',
		description,
		anyOf: [
			...Object.entries(values).map(([value, meaning]) => ({ const: value, description: meaning })),
			{ type: 'string' },
		],
	};
}
