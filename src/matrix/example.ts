/**
 * The model of one runnable example: a request written once in a guide page,
 * read by the page's panel, the smoke CLI and the tests alike.
 */

/** The two accounts the guide uses: the reader's own and a friend's. */
export type Account = 'me' | 'friend';

/** HTTP methods the guide's examples use. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A header or query parameter whose value is a template. */
export interface NameValue {
	readonly name: string;
	readonly value: string;
}

/** Where a captured value comes from: a field of the JSON response, or a template. */
export type CaptureSource =
	| { readonly kind: 'json'; readonly path: readonly string[] }
	| { readonly kind: 'template'; readonly template: string };

/** One value an example stores for later steps, e.g. `roomId` from `$.room_id`. */
export interface Capture {
	readonly variable: string;
	readonly source: CaptureSource;
}

/** A check on a response field: present, or equal to a filled template. */
export interface FieldCheck {
	readonly path: readonly string[];
	readonly equals?: string;
}

/** What a successful run of the example answers. */
export interface Expectation {
	readonly status: number;
	readonly fields: readonly FieldCheck[];
}

/** A value generated once per homeserver when nothing has set it yet. */
export interface Default {
	readonly variable: string;
	readonly template: string;
}

/** One runnable example, parsed from an `http` fenced block. */
export interface Example {
	/** Unique across the guide; also the panel's anchor. */
	readonly id: string;
	readonly title: string;
	/** The account whose token the request carries, or whose account it makes. */
	readonly account: Account | null;
	readonly method: Method;
	/** The URL template without its query, e.g. `{{baseUrl}}/_matrix/client/v3/sync`. */
	readonly url: string;
	readonly query: readonly NameValue[];
	readonly headers: readonly NameValue[];
	/** The body template, or null when the request has none. */
	readonly body: string | null;
	readonly captures: readonly Capture[];
	readonly defaults: readonly Default[];
	/** Values a successful run makes useless, e.g. the token a log-out ends. */
	readonly forgets: readonly string[];
	readonly expect: Expectation;
	/** An example that, run while this one waits, makes it answer early. */
	readonly wokenBy: string | null;
	/** The block's text as written in the page. */
	readonly source: string;
}

/** An example together with the guide page it appears on. */
export interface PlacedExample extends Example {
	/** The page's slug, e.g. `accounts`. */
	readonly page: string;
	readonly pageTitle: string;
}
