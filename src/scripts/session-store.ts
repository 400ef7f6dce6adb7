import { missingDefaults } from '../matrix/guide.ts';
import type { Example } from '../matrix/example.ts';
import { maskSecret } from '../matrix/redact.ts';
import { fillTemplate } from '../matrix/template.ts';
import { dynamicValue, dynamicValues } from '../matrix/dynamic-values.ts';
import { accountOf, isSecretVariable, type Origin, type Variables } from '../matrix/variables.ts';
import { readJson, stringRecord, writeJson } from './read-storage.ts';
import { homeserverKey, panelsKey, rememberKey, secretsKey, valuesKey } from './storage-keys.ts';

/** A panel's last run as stored: secrets already masked. */
export interface StoredRun {
	readonly at: number;
	readonly method: string;
	readonly url: string;
	readonly status: number | null;
	readonly statusText: string;
	readonly ms: number;
	readonly contentType: string;
	readonly headers: Readonly<Record<string, string>>;
	/** The response body, secrets masked; empty when it was too large to keep. */
	readonly text: string;
	/** The body's size in characters, kept even when the text is not. */
	readonly size: number;
	readonly problems: readonly string[];
	/** The sentence shown when nothing came back. */
	readonly error: string | null;
}

/** One line of a panel's history. */
export interface RunSummary {
	readonly at: number;
	readonly status: number | null;
	readonly ms: number;
	readonly good: boolean;
}

/** What a panel keeps across reloads. */
export interface PanelState {
	readonly body?: string;
	/** Query values the reader typed, by parameter name. */
	readonly query?: Readonly<Record<string, string>>;
	/** Path values the reader typed for this panel only. */
	readonly overrides?: Readonly<Record<string, string>>;
	readonly last?: StoredRun;
	readonly history?: readonly RunSummary[];
}

/** A change to a panel's state; a key set to undefined is removed. */
export type PanelPatch = { [K in keyof PanelState]?: PanelState[K] | undefined };

interface Bucket {
	values: Record<string, string>;
	origins: Record<string, Origin>;
}

function readBucket(storage: Storage, key: string): Bucket {
	return readBucketFrom(readJson(storage, key));
}

// Parses a stored (or handed-over) bucket; nothing in it is trusted as typed.
function readBucketFrom(raw: unknown): Bucket {
	const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
	const origins: Record<string, Origin> = {};
	const rawOrigins = record['origins'];
	if (rawOrigins !== null && typeof rawOrigins === 'object') {
		for (const [name, item] of Object.entries(rawOrigins as Record<string, unknown>)) {
			const origin = item as Partial<Origin> | null;
			if (origin && typeof origin.at === 'number') {
				origins[name] = {
					step: typeof origin.step === 'string' ? origin.step : null,
					at: origin.at,
				};
			}
		}
	}
	return { values: stringRecord(record['values']), origins };
}

/** What changed: values on this homeserver, or which homeserver (or all of its data). */
export type Change = 'values' | 'homeserver';

type Listener = (change: Change) => void;

// Tabs of this guide hand each other the tab-only secrets, so a page opened in a
// new tab is not signed out. BroadcastChannel never leaves this origin.
const handoffChannel = 'matrix-howto:v1:handoff';

interface Handoff {
	readonly kind: 'ask' | 'give';
	readonly baseUrl: string;
	readonly bucket?: unknown;
}

/**
 * The reader's session: values captured per homeserver. Nothing stored for one
 * homeserver is visible while another is chosen, so no token crosses over.
 */
export class SessionStore {
	#baseUrl: string;
	#examples: readonly Example[];
	#listeners = new Set<Listener>();
	#revealed = false;
	#channel: BroadcastChannel | null;

	constructor(baseUrl: string, examples: readonly Example[]) {
		this.#baseUrl = baseUrl;
		this.#examples = examples;
		this.#applyDefaults();
		// Another tab on the same homeserver changed something: show it here too.
		window.addEventListener('storage', (event) => {
			if (event.key === null || event.key.includes(this.#baseUrl)) this.#emit('values');
		});
		this.#channel =
			typeof BroadcastChannel === 'function' ? new BroadcastChannel(handoffChannel) : null;
		this.#channel?.addEventListener('message', (event: MessageEvent<Handoff>) =>
			this.#onHandoff(event.data),
		);
		this.#askOtherTabs();
	}

	// Asks when an account exists here but its token does not.
	#askOtherTabs(): void {
		const values = this.values();
		const lacking = ['me', 'friend'].some(
			(account) =>
				values[`${account}.userId`] !== undefined && values[`${account}.accessToken`] === undefined,
		);
		if (lacking)
			this.#channel?.postMessage({ kind: 'ask', baseUrl: this.#baseUrl } satisfies Handoff);
	}

	#onHandoff(message: Handoff): void {
		if (message.baseUrl !== this.#baseUrl) return;
		const key = secretsKey(this.#baseUrl);
		const mine = readBucket(this.#secretStorage(), key);
		if (message.kind === 'ask' && Object.keys(mine.values).length > 0) {
			this.#channel?.postMessage({
				kind: 'give',
				baseUrl: this.#baseUrl,
				bucket: mine,
			} satisfies Handoff);
		}
		if (message.kind !== 'give') return;
		// Only what this tab lacks: a value set here stays as it is.
		const given = readBucketFrom(message.bucket);
		let added = false;
		for (const [name, value] of Object.entries(given.values)) {
			if (mine.values[name] !== undefined) continue;
			mine.values[name] = value;
			const origin = given.origins[name];
			if (origin) mine.origins[name] = origin;
			added = true;
		}
		if (!added) return;
		writeJson(this.#secretStorage(), key, mine);
		this.#emit('values');
	}

	get baseUrl(): string {
		return this.#baseUrl;
	}

	/** Every value for the current homeserver, secrets included, plus `baseUrl`. */
	values(): Variables {
		return {
			...readBucket(localStorage, valuesKey(this.#baseUrl)).values,
			...readBucket(this.#secretStorage(), secretsKey(this.#baseUrl)).values,
			baseUrl: this.#baseUrl,
		};
	}

	/** Where each value came from. */
	origins(): Readonly<Record<string, Origin>> {
		return {
			...readBucket(localStorage, valuesKey(this.#baseUrl)).origins,
			...readBucket(this.#secretStorage(), secretsKey(this.#baseUrl)).origins,
		};
	}

	/** The secret values of this homeserver, for masking. */
	secrets(): string[] {
		return Object.values(readBucket(this.#secretStorage(), secretsKey(this.#baseUrl)).values);
	}

	/** Stores values; secrets go to the tab's sessionStorage (localStorage when remembered). */
	set(values: Readonly<Record<string, string>>, step: string | null): void {
		const plain = readBucket(localStorage, valuesKey(this.#baseUrl));
		const secret = readBucket(this.#secretStorage(), secretsKey(this.#baseUrl));
		const at = Date.now();
		for (const [name, value] of Object.entries(values)) {
			if (name === 'baseUrl') continue;
			const bucket = isSecretVariable(name) ? secret : plain;
			bucket.values[name] = value;
			bucket.origins[name] = { step, at };
		}
		writeJson(localStorage, valuesKey(this.#baseUrl), plain);
		writeJson(this.#secretStorage(), secretsKey(this.#baseUrl), secret);
		this.#emit();
	}

	/** Deletes values, e.g. a token the homeserver no longer accepts. */
	remove(names: readonly string[]): void {
		const plain = readBucket(localStorage, valuesKey(this.#baseUrl));
		const secret = readBucket(this.#secretStorage(), secretsKey(this.#baseUrl));
		for (const name of names) {
			for (const bucket of [plain, secret]) {
				delete bucket.values[name];
				delete bucket.origins[name];
			}
		}
		writeJson(localStorage, valuesKey(this.#baseUrl), plain);
		writeJson(this.#secretStorage(), secretsKey(this.#baseUrl), secret);
		this.#emit();
	}

	/** Whether secrets are shown unmasked in this page view; never stored. */
	get revealed(): boolean {
		return this.#revealed;
	}

	set revealed(shown: boolean) {
		this.#revealed = shown;
		this.#emit();
	}

	/** A secret as it should appear on screen right now. */
	showSecret(value: string): string {
		return this.#revealed ? value : maskSecret(value);
	}

	/** A panel's saved state on this homeserver. */
	panel(id: string): PanelState {
		const all = readJson(localStorage, panelsKey(this.#baseUrl));
		if (all === null || typeof all !== 'object') return {};
		const state = (all as Record<string, unknown>)[id];
		return state !== null && typeof state === 'object' ? (state as PanelState) : {};
	}

	/** Merges a change into a panel's saved state; runs must already be masked. */
	updatePanel(id: string, patch: PanelPatch): void {
		const all = readJson(localStorage, panelsKey(this.#baseUrl));
		const next: Record<string, unknown> = all !== null && typeof all === 'object' ? { ...all } : {};
		const merged: Record<string, unknown> = { ...this.panel(id), ...patch };
		// An undefined entry in the patch removes that part.
		for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
		next[id] = merged;
		writeJson(localStorage, panelsKey(this.#baseUrl), next);
	}

	/** Switches to another homeserver; its own values (or fresh defaults) apply. */
	switchTo(baseUrl: string): void {
		this.#baseUrl = baseUrl;
		try {
			localStorage.setItem(homeserverKey, baseUrl);
		} catch {
			// Storage may be blocked; the choice then lasts until the page is left.
		}
		this.#applyDefaults();
		this.#emit('homeserver');
		this.#askOtherTabs();
	}

	/** Deletes everything stored for the current homeserver, then regenerates defaults. */
	forget(): void {
		for (const storage of [localStorage, sessionStorage]) {
			for (const key of [valuesKey, secretsKey, panelsKey, rememberKey]) {
				storage.removeItem(key(this.#baseUrl));
			}
		}
		this.#applyDefaults();
		this.#emit('homeserver');
	}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Whether this homeserver's tokens are kept on this device (localStorage). */
	get remembered(): boolean {
		try {
			return localStorage.getItem(rememberKey(this.#baseUrl)) === 'yes';
		} catch {
			return false;
		}
	}

	/** Moves this homeserver's tokens to localStorage (on) or back to this tab only (off). */
	remember(on: boolean): void {
		const key = secretsKey(this.#baseUrl);
		const bucket = readBucket(this.#secretStorage(), key);
		try {
			localStorage.removeItem(key);
			sessionStorage.removeItem(key);
			if (on) localStorage.setItem(rememberKey(this.#baseUrl), 'yes');
			else localStorage.removeItem(rememberKey(this.#baseUrl));
		} catch {
			// Storage blocked: the tokens stay where they were.
		}
		writeJson(this.#secretStorage(), key, bucket);
		this.#emit();
	}

	#secretStorage(): Storage {
		return this.remembered ? localStorage : sessionStorage;
	}

	#applyDefaults(): void {
		const fill = (template: string) =>
			fillTemplate(template, (name) => dynamicValue(name, dynamicValues)).text;
		// An account that exists keeps its password: a new default would lock it out.
		const values = this.values();
		const made = (name: string) => {
			const account = accountOf(name);
			return account !== null && values[`${account}.userId`] !== undefined;
		};
		const examples = this.#examples.map((example) => ({
			...example,
			defaults: example.defaults.filter((item) => !made(item.variable)),
		}));
		const added = missingDefaults(examples, values, fill);
		if (Object.keys(added).length > 0) this.set(added, null);
	}

	#emit(change: Change = 'values'): void {
		for (const listener of this.#listeners) listener(change);
	}
}
