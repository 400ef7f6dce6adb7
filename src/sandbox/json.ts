import { badJson, MatrixError, missingParam } from './errors.ts';

/** Any value JSON can carry. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object, the shape of every request body and event content. */
export interface JsonObject {
	[key: string]: JsonValue;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string at `body[key]`, or undefined; M_BAD_JSON when it is not a string. */
export function optionalString(body: JsonObject, key: string): string | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw badJson(`"${key}" must be a string.`);
	return value;
}

/** The string at `body[key]`; M_MISSING_PARAM when absent, M_BAD_JSON when not a string. */
export function requireString(body: JsonObject, key: string): string {
	const value = optionalString(body, key);
	if (value === undefined) throw missingParam(`"${key}" is required.`);
	return value;
}

/** The boolean at `body[key]`, or undefined; M_BAD_JSON when it is not a boolean. */
export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') throw badJson(`"${key}" must be true or false.`);
	return value;
}

/** The object at `body[key]`, or undefined; M_BAD_JSON when it is not an object. */
export function optionalObject(body: JsonObject, key: string): JsonObject | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (!isJsonObject(value)) throw badJson(`"${key}" must be a JSON object.`);
	return value;
}

/** The array at `body[key]`, or undefined; M_BAD_JSON when it is not an array. */
export function optionalArray(body: JsonObject, key: string): JsonValue[] | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (!Array.isArray(value)) throw badJson(`"${key}" must be an array.`);
	return value;
}

/** The array of strings at `body[key]`, or undefined; M_BAD_JSON for any other shape. */
export function optionalStringArray(body: JsonObject, key: string): string[] | undefined {
	const value = optionalArray(body, key);
	if (value === undefined) return undefined;
	const strings: string[] = [];
	for (const item of value) {
		if (typeof item !== 'string') throw badJson(`"${key}" must be an array of strings.`);
		strings.push(item);
	}
	return strings;
}

const maxSafe = Number.MAX_SAFE_INTEGER;

/**
 * Rejects event content that canonical JSON cannot sign: floats and integers outside
 * ±(2^53 - 1). Room versions 6 and later require this, and Synapse answers M_BAD_JSON.
 */
export function assertCanonicalNumbers(value: JsonValue, path = 'content'): void {
	if (typeof value === 'number') {
		if (!Number.isInteger(value)) throw badJson(`${path} is ${value}; floats are not allowed.`);
		if (value > maxSafe || value < -maxSafe) {
			throw badJson(`${path} is ${value}, outside the allowed integer range.`);
		}
	} else if (Array.isArray(value)) {
		value.forEach((item, index) => assertCanonicalNumbers(item, `${path}[${index}]`));
	} else if (isJsonObject(value)) {
		for (const [key, item] of Object.entries(value)) {
			assertCanonicalNumbers(item, `${path}.${key}`);
		}
	}
}

/** The deepest nesting of arrays and objects a request may carry. */
export const maxJsonDepth = 100;

// Iterative, so a hostile body cannot overflow the stack while being checked.
function depthOf(value: unknown): number {
	let deepest = 0;
	const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	while (stack.length > 0) {
		const item = stack.pop();
		if (!item || typeof item.value !== 'object' || item.value === null) continue;
		const depth = item.depth + 1;
		if (depth > maxJsonDepth) return depth;
		deepest = Math.max(deepest, depth);
		for (const child of Object.values(item.value)) stack.push({ value: child, depth });
	}
	return deepest;
}

/**
 * Parses request JSON (a body or a query parameter): M_NOT_JSON when it does not
 * parse, M_BAD_JSON when nested deeper than `maxJsonDepth`.
 */
export function parseJson(text: string, what: string): unknown {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (cause) {
		const reason = cause instanceof Error ? cause.message : String(cause);
		throw new MatrixError(400, 'M_NOT_JSON', `${what} is not valid JSON: ${reason}`);
	}
	if (depthOf(value) > maxJsonDepth) {
		throw badJson(`${what} is nested more than ${maxJsonDepth} levels deep.`);
	}
	return value;
}
