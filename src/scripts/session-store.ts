import { missingDefaults } from '../matrix/guide.ts';
import type { Example } from '../matrix/example.ts';
import { fillTemplate } from '../matrix/template.ts';
import { dynamicValue, dynamicValues } from '../matrix/dynamic-values.ts';
import { isSecretVariable, type Origin, type Variables } from '../matrix/variables.ts';
import { normalizeHomeserver } from '../matrix/homeserver-url.ts';
import { readJson, stringRecord, writeJson } from './read-storage.ts';
import { homeserverKey, panelsKey, secretsKey, valuesKey } from './storage-keys.ts';

/** A panel's last run as stored: secrets already masked. */
export interface StoredRun {
	readonly at: number;
	readonly method: string;
	readonly url: string;
	readonly status: number | null;
	readonly statusText: string;
	readonly ms: number;
	readonly contentType: string;
	/** The response body, secrets masked; or the error sentence when nothing came back. */
	readonly text: string;
	readonly problems: readonly string[];
	readonly error: string | null;
}

/** What a panel keeps across reloads. */
export interface PanelState {
	readonly body?: string;
	readonly last?: StoredRun;
}

interface Bucket {
	values: Record<string, string>;
	origins: Record<string, Origin>;
}

function readBucket(storage: Storage, key: string): Bucket {
	const raw = readJson(storage, key);
	const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
	const origins: Record<string, Origin> = {};
	const rawOrigins = record['origins'];
	if (rawOrigins !== null && typeof rawOrigins === 'object') {
		for (const [name, item] of Object.entries(rawOrigins as Record<string, unknown>)) {
			const origin = item as Partial<Origin> | null;
			if (origin && typeof origin.at === 'number') {
				origins[name] = { step: typeof origin.step === 'string' ? origin.step : null, at: origin.at };
			}
		}
	}
	return { values: stringRecord(record['values']), origins };
}

type Listener = () => void;

/**
 * The reader's session: values captured per homeserver. Nothing stored for one
 * homeserver is visible while another is chosen, so no token crosses over.
 */
export class SessionStore {
	#baseUrl: string;
	#examples: readonly Example[];
	#listeners = new Set<Listener>();

	constructor(baseUrl: string, examples: readonly Example[]) {
		this.#baseUrl = baseUrl;
		this.#examples = examples;
		this.#applyDefaults();
		// Another tab on the same homeserver changed something: show it here too.
		window.addEventListener('storage', (event) => {
			if (event.key === null || event.key.includes(this.#baseUrl)) this.#emit();
		});
	}

	get baseUrl(): string {
		return this.#baseUrl;
	}

	/** Every value for the current homeserver, secrets included, plus `baseUrl`. */
	values(): Variables {
		return {
			...readBucket(localStorage, valuesKey(this.#baseUrl)).values,
			...readBucket(sessionStorage, secretsKey(this.#baseUrl)).values,
			baseUrl: this.#baseUrl,
		};
	}

	/** Where each value came from. */
	origins(): Readonly<Record<string, Origin>> {
		return {
			...readBucket(localStorage, valuesKey(this.#baseUrl)).origins,
			...readBucket(sessionStorage, secretsKey(this.#baseUrl)).origins,
		};
	}

	/** The secret values of this homeserver, for masking. */
	secrets(): string[] {
		return Object.values(readBucket(sessionStorage, secretsKey(this.#baseUrl)).values);
	}

	/** Stores values; secrets go to sessionStorage, the rest to localStorage. */
	set(values: Readonly<Record<string, string>>, step: string | null): void {
		const plain = readBucket(localStorage, valuesKey(this.#baseUrl));
		const secret = readBucket(sessionStorage, secretsKey(this.#baseUrl));
		const at = Date.now();
		for (const [name, value] of Object.entries(values)) {
			if (name === 'baseUrl') continue;
			const bucket = isSecretVariable(name) ? secret : plain;
			bucket.values[name] = value;
			bucket.origins[name] = { step, at };
		}
		writeJson(localStorage, valuesKey(this.#baseUrl), plain);
		writeJson(sessionStorage, secretsKey(this.#baseUrl), secret);
		this.#emit();
	}

	/** A panel's saved state on this homeserver. */
	panel(id: string): PanelState {
		const all = readJson(localStorage, panelsKey(this.#baseUrl));
		if (all === null || typeof all !== 'object') return {};
		const state = (all as Record<string, unknown>)[id];
		return state !== null && typeof state === 'object' ? (state as PanelState) : {};
	}

	/** Saves a panel's state; callers pass runs whose secrets are already masked. */
	savePanel(id: string, state: PanelState): void {
		const all = readJson(localStorage, panelsKey(this.#baseUrl));
		const next = all !== null && typeof all === 'object' ? { ...all } : {};
		writeJson(localStorage, panelsKey(this.#baseUrl), { ...next, [id]: state });
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
		this.#emit();
	}

	/** Deletes everything stored for the current homeserver, then regenerates defaults. */
	forget(): void {
		for (const storage of [localStorage, sessionStorage]) {
			for (const key of [valuesKey, secretsKey, panelsKey]) {
				storage.removeItem(key(this.#baseUrl));
			}
		}
		this.#applyDefaults();
		this.#emit();
	}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#applyDefaults(): void {
		const fill = (template: string) =>
			fillTemplate(template, (name) => dynamicValue(name, dynamicValues)).text;
		const added = missingDefaults(this.#examples, this.values(), fill);
		if (Object.keys(added).length > 0) this.set(added, null);
	}

	#emit(): void {
		for (const listener of this.#listeners) listener();
	}
}

/** The homeserver to start with: `?homeserver=`, then the last choice, then the build default. */
export function initialHomeserver(fallback: string): string {
	const fromQuery = new URLSearchParams(location.search).get('homeserver');
	const fromQueryNormal = fromQuery === null ? null : normalizeHomeserver(fromQuery);
	if (fromQueryNormal !== null) return fromQueryNormal;
	let saved: string | null = null;
	try {
		saved = localStorage.getItem(homeserverKey);
	} catch {
		saved = null;
	}
	return normalizeHomeserver(saved ?? '') ?? normalizeHomeserver(fallback) ?? fallback;
}
