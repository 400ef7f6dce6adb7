import type { Example } from './example.ts';
import { dynamicValue, dynamicValues, type DynamicValues } from './dynamic-values.ts';
import { escapeJsonString, fillTemplate } from './template.ts';
import { resolveVariable, type Variables } from './variables.ts';

/** A request ready to send: every placeholder filled and encoded. */
export interface BuiltRequest {
	readonly method: string;
	/** The URL as sent, with path values and query values percent-encoded. */
	readonly url: string;
	/** The same URL with query values left readable, for people. */
	readonly readableUrl: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly body: string | null;
	/** The `{{$...}}` values this build generated, e.g. `$txnId`. */
	readonly generated: Readonly<Record<string, string>>;
}

/** Either a request, or the names it still needs (no half-filled request is built). */
export type BuildResult =
	| { readonly ok: true; readonly request: BuiltRequest }
	| { readonly ok: false; readonly missing: readonly string[] };

/** What may replace parts of the example for one run. */
export interface BuildOptions {
	/** The reader's edited body template, in place of the example's. */
	readonly body?: string | null;
	readonly dynamic?: DynamicValues;
	/** Generated values to reuse, e.g. the same `$txnId` for a retry. */
	readonly reuse?: Readonly<Record<string, string>>;
	/** Query values (templates) the reader typed, by parameter name. */
	readonly query?: Readonly<Record<string, string>>;
	/** Query parameters the example lacks, appended after its own (templates). */
	readonly extraQuery?: Readonly<Record<string, string>>;
	/** Values the reader typed for this request only (path fields), by name. */
	readonly overrides?: Readonly<Record<string, string>>;
}

/** Strips trailing slashes so `{{baseUrl}}/_matrix` never becomes `//_matrix`. */
export function normalizeBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '');
}

/** Fills an example with the gathered values; reports what is missing instead. */
export function buildRequest(
	example: Example,
	values: Variables,
	options: BuildOptions = {},
): BuildResult {
	const generated: Record<string, string> = {};
	const lookup = (name: string): string | undefined => {
		if (!name.startsWith('$')) {
			const value = options.overrides?.[name] ?? resolveVariable(name, values);
			return name === 'baseUrl' && value !== undefined ? normalizeBaseUrl(value) : value;
		}
		generated[name] ??=
			options.reuse?.[name] ?? dynamicValue(name, options.dynamic ?? dynamicValues) ?? '';
		return generated[name];
	};
	const missing = new Set<string>();
	const fill = (template: string, encode?: (value: string, name: string) => string) => {
		const filled = fillTemplate(template, lookup, encode);
		for (const name of filled.missing) missing.add(name);
		return filled.text;
	};

	// The base URL goes in as written; every other path value is one segment.
	const url = fill(example.url, (value, name) =>
		name === 'baseUrl' ? value : encodeURIComponent(value),
	);
	const query = example.query.map(({ name, value }) => ({
		name,
		value: fill(options.query?.[name] ?? value),
	}));
	for (const [name, value] of Object.entries(options.extraQuery ?? {})) {
		query.push({ name, value: fill(value) });
	}
	const headers: Record<string, string> = {};
	for (const header of example.headers) headers[header.name] = fill(header.value);
	const bodyTemplate = options.body === undefined ? example.body : options.body;
	const body = bodyTemplate === null ? null : fill(bodyTemplate, escapeJsonString);

	if (missing.size > 0) return { ok: false, missing: [...missing] };
	const encodedQuery = query
		.map(({ name, value }) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
	const readableQuery = query.map(({ name, value }) => `${name}=${value}`).join('&');
	return {
		ok: true,
		request: {
			method: example.method,
			url: encodedQuery === '' ? url : `${url}?${encodedQuery}`,
			readableUrl: readableQuery === '' ? url : `${url}?${readableQuery}`,
			headers,
			body,
			generated,
		},
	};
}
