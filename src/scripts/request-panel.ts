import { buildRequest, type BuildResult, type BuiltRequest } from '../matrix/build-request.ts';
import { captureValues } from '../matrix/capture.ts';
import { checkResponse } from '../matrix/check-response.ts';
import type { PlacedExample } from '../matrix/example.ts';
import { explainResponse, retryDelay } from '../matrix/explain-response.ts';
import { NetworkError, sendRequest, type ExchangeResult } from '../matrix/send-request.ts';
import { tokenDestinationProblem } from '../matrix/origin-guard.ts';
import { redactJson, redactText } from '../matrix/redact.ts';
import { fillTemplate, placeholders } from '../matrix/template.ts';
import { toCurl } from '../matrix/to-curl.ts';
import { isSecretVariable, resolveVariable } from '../matrix/variables.ts';
import { el } from './dom.ts';
import { attachEditor, type EditorHandle } from './editor/attach-editor.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { guideContext, type GuideContext } from './guide-context.ts';
import { needsList } from './panel/needs-list.ts';
import { renderHistory, renderRun } from './panel/render-run.ts';
import { summarizeSync } from './panel/summarize-sync.ts';
import type { Change, RunSummary, StoredRun } from './session-store.ts';
import { isDark, onThemeChange } from './theme.ts';

const accountNames = { me: 'you', friend: 'your friend' } as const;
// Bodies larger than this are not kept in storage: a real /sync can be megabytes.
const keepLimit = 200_000;
// A 429 that asks for a longer wait than this is shown, not retried.
const longestRetryWait = 30_000;
const historyLength = 5;

/**
 * `<matrix-request-panel>`: enhances the server-rendered request of one guide
 * example with live values, a Run button and the response.
 */
export class RequestPanel extends HTMLElement {
	#context!: GuideContext;
	#example!: PlacedExample;
	#abort: AbortController | null = null;
	#unsubscribe: (() => void) | null = null;
	#countdown: ReturnType<typeof setInterval> | null = null;
	/** Monaco in place of the body textarea, once the reader has gone to edit it. */
	#editor: EditorHandle | null = null;
	#editorStarted = false;
	#stopTheme: (() => void) | null = null;
	/** The last run of this page view, unmasked, so "show secrets" can show it. */
	#live: { run: StoredRun; raw: ExchangeResult | null; request: BuiltRequest } | null = null;

	connectedCallback(): void {
		this.#context = guideContext();
		const example = this.#context.byId.get(this.dataset['example'] ?? '');
		if (!example) return;
		this.#example = example;

		const saved = this.#context.store.panel(example.id);
		const body = this.#part('body');
		if (body instanceof HTMLTextAreaElement && saved.body !== undefined) body.value = saved.body;
		body?.addEventListener('input', () => this.#saveEdits());
		// Monaco loads when the reader first goes into the body, never with the page.
		if (body instanceof HTMLTextAreaElement) {
			body.addEventListener('focus', () => void this.#startEditor(body), { once: true });
		}
		for (const field of this.querySelectorAll<HTMLInputElement>('[data-param]')) {
			field.addEventListener('input', () => this.#saveEdits());
		}
		this.#part('run')?.addEventListener('click', () => void this.run());
		this.#part('copy-curl')?.addEventListener('click', () => void this.#copyCurl('value'));
		this.#part('copy-curl-env')?.addEventListener('click', () => void this.#copyCurl('env'));
		// Ctrl+Enter (⌘+Enter) in a field of the panel runs it, as in most API tools.
		this.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
				event.preventDefault();
				void this.run();
			}
		});
		this.#part('cancel')?.addEventListener('click', () => this.#stop());
		this.#part('reset')?.addEventListener('click', () => this.#resetEdits());

		this.#fillParamFields();
		this.#unsubscribe = this.#context.store.subscribe((change) => this.#onSessionChange(change));
		this.#renderRequest();
		if (saved.last) this.#showRun(saved.last, true, null, null);
	}

	disconnectedCallback(): void {
		this.#unsubscribe?.();
		this.#stopTheme?.();
		this.#editor?.dispose();
		this.#editor = null;
		this.#stop();
	}

	#part(role: string): HTMLElement | null {
		return this.querySelector<HTMLElement>(`[data-role="${role}"]`);
	}

	// The textarea holds the text even under the editor; the editor shows it.
	#setBody(text: string): void {
		const body = this.#part('body');
		if (!(body instanceof HTMLTextAreaElement)) return;
		if (this.#editor) this.#editor.setValue(text);
		else body.value = text;
	}

	async #startEditor(body: HTMLTextAreaElement): Promise<void> {
		if (this.#editorStarted) return;
		this.#editorStarted = true;
		try {
			// The schemas come with the editor, not with the page.
			const { schemaFor } = await import('../matrix/request-schemas/index.ts');
			const schema = schemaFor(this.#example);
			this.#editor = await attachEditor(body, {
				schema: schema?.schema ?? null,
				schemaId: schema?.id ?? 'json',
				dark: isDark(),
				label: `Request body: ${this.#example.title}`,
				onChange: () => this.#saveEdits(),
				onSubmit: () => void this.run(),
			});
		} catch {
			return; // Monaco did not load (offline, a newer deploy): the textarea still works.
		}
		this.#stopTheme = onThemeChange((dark) => this.#editor?.setTheme(dark));
	}

	#bodyTemplate(): string | null {
		const body = this.#part('body');
		return body instanceof HTMLTextAreaElement ? body.value : this.#example.body;
	}

	/** The query and path values typed into this panel's fields. */
	#edits(): { query: Record<string, string>; overrides: Record<string, string> } {
		const query: Record<string, string> = {};
		const overrides: Record<string, string> = {};
		for (const field of this.querySelectorAll<HTMLInputElement>('[data-param]')) {
			const name = field.dataset['param'] ?? '';
			if (field.dataset['kind'] === 'query') {
				const original = this.#example.query.find((item) => item.name === name)?.value;
				if (field.value !== original) query[name] = field.value;
			} else if (field.value !== '' && field.value !== this.#sessionValue(name)) {
				overrides[name] = field.value;
			}
		}
		return { query, overrides };
	}

	#sessionValue(name: string): string {
		return resolveVariable(name, this.#context.store.values()) ?? '';
	}

	#build(): BuildResult {
		const { query, overrides } = this.#edits();
		return buildRequest(this.#example, this.#context.store.values(), {
			body: this.#bodyTemplate(),
			query,
			overrides,
		});
	}

	// Path fields show the session's value until the reader types their own.
	#fillParamFields(): void {
		const saved = this.#context.store.panel(this.#example.id);
		for (const field of this.querySelectorAll<HTMLInputElement>('[data-param]')) {
			const name = field.dataset['param'] ?? '';
			if (field.dataset['kind'] === 'query') {
				field.value = saved.query?.[name] ?? field.value;
			} else {
				field.value = saved.overrides?.[name] ?? this.#sessionValue(name);
			}
		}
	}

	#onSessionChange(change: Change): void {
		const saved = this.#context.store.panel(this.#example.id);
		if (change === 'homeserver') {
			// Another homeserver, or this one forgotten: show only what belongs to it now.
			this.#stop();
			this.#live = null;
			this.#setBody(saved.body ?? this.#example.body ?? '');
			for (const field of this.querySelectorAll<HTMLInputElement>(
				'[data-param][data-kind="query"]',
			)) {
				const name = field.dataset['param'] ?? '';
				field.value =
					saved.query?.[name] ??
					this.#example.query.find((item) => item.name === name)?.value ??
					'';
			}
			this.#fillParamFields();
			this.#part('result')?.replaceChildren();
			this.#part('batches')?.replaceChildren();
			if (saved.last) this.#showRun(saved.last, true, null, null);
			this.#renderRequest();
			this.#renderHistory();
			return;
		}
		for (const field of this.querySelectorAll<HTMLInputElement>('[data-param][data-kind="path"]')) {
			const name = field.dataset['param'] ?? '';
			if (saved.overrides?.[name] === undefined && document.activeElement !== field) {
				field.value = this.#sessionValue(name);
			}
		}
		this.#renderRequest();
		if (this.#live) this.#showRun(this.#live.run, false, this.#live.request, this.#live.raw);
	}

	#saveEdits(): void {
		const body = this.#bodyTemplate();
		const { query, overrides } = this.#edits();
		this.#context.store.updatePanel(this.#example.id, {
			body: body !== null && body !== this.#example.body ? body : undefined,
			query: Object.keys(query).length > 0 ? query : undefined,
			overrides: Object.keys(overrides).length > 0 ? overrides : undefined,
		});
		this.#renderRequest();
	}

	#resetEdits(): void {
		this.#setBody(this.#example.body ?? '');
		this.#context.store.updatePanel(this.#example.id, {
			body: undefined,
			query: undefined,
			overrides: undefined,
		});
		for (const field of this.querySelectorAll<HTMLInputElement>(
			'[data-param][data-kind="query"]',
		)) {
			field.value =
				this.#example.query.find((item) => item.name === field.dataset['param'])?.value ?? '';
		}
		this.#fillParamFields();
		this.#renderRequest();
	}

	/** Redraws the URL, headers and readiness from the current values. */
	#renderRequest(): void {
		const { store } = this.#context;
		const values = store.values();
		const example = this.#example;
		const secrets = store.revealed ? [] : store.secrets();

		const account = this.#part('account');
		if (account && example.account) {
			const userId = values[`${example.account}.userId`];
			account.textContent = `Runs as ${accountNames[example.account]}${userId ? ` (${userId})` : ''}`;
		}

		const built = this.#build();
		const url = this.#part('url');
		const readable = this.#part('readable');
		if (built.ok) {
			if (url) url.textContent = built.request.url;
			if (readable) {
				readable.hidden = built.request.readableUrl === built.request.url;
				readable.textContent = `Readable: ${built.request.readableUrl}`;
			}
		} else if (url) {
			const preview = fillTemplate(example.url, (name) => resolveVariable(name, values)).text;
			const query = example.query.map(({ name, value }) => `${name}=${value}`).join('&');
			url.textContent = query === '' ? preview : `${preview}?${query}`;
			if (readable) readable.hidden = true;
		}

		const headers = this.#part('headers');
		if (headers) {
			headers.replaceChildren(
				...example.headers.map(({ name, value }) => {
					const filled = fillTemplate(value, (key) => {
						const found = resolveVariable(key, values);
						return found !== undefined && isSecretVariable(key) ? store.showSecret(found) : found;
					}).text;
					return el('li', {}, el('code', {}, `${name}: ${redactText(filled, secrets)}`));
				}),
			);
		}
		this.#renderFills(values, secrets);
		this.#renderBodyCheck();

		const reset = this.#part('reset');
		const edits = this.#edits();
		if (reset) {
			reset.hidden =
				this.#bodyTemplate() === example.body &&
				Object.keys(edits.query).length === 0 &&
				Object.keys(edits.overrides).length === 0;
		}

		this.#renderCurl(built.ok ? built.request : null);

		const run = this.#part('run');
		if (run instanceof HTMLButtonElement) run.disabled = this.#abort !== null || !built.ok;
		const needs = this.#part('needs');
		if (!needs) return;
		needs.hidden = built.ok;
		needs.replaceChildren(...(built.ok ? [] : needsList(built.missing, example, this.#context)));
	}

	/** The curl command for the request as it stands, token masked on screen. */
	#renderCurl(request: BuiltRequest | null): void {
		const curl = this.#part('curl');
		const text = this.#part('curl-text');
		if (!curl || !text) return;
		curl.hidden = request === null;
		if (request === null) return;
		const { store } = this.#context;
		const shown = store.revealed ? toCurl(request) : redactText(toCurl(request), store.secrets());
		text.textContent = shown;
	}

	/** Copies the request as curl: with the token itself, or `$ACCESS_TOKEN` in its place. */
	async #copyCurl(tokenAs: 'value' | 'env'): Promise<void> {
		const built = this.#build();
		const state = this.#part('copy-state');
		if (!built.ok) return;
		const command = toCurl(built.request, { tokenAs });
		try {
			await navigator.clipboard.writeText(command);
			if (state) {
				state.textContent =
					tokenAs === 'env'
						? 'Copied. Set ACCESS_TOKEN in your shell before running it.'
						: 'Copied, with your access token in it: paste it only where you would type the token.';
			}
		} catch {
			if (state)
				state.textContent =
					'This browser does not let the page copy here; select the command above and copy it by hand.';
		}
	}

	/** Says, before sending, when the edited body is not valid JSON. */
	#renderBodyCheck(): void {
		const check = this.#part('body-check');
		const template = this.#bodyTemplate();
		if (!check || template === null) return;
		// Placeholders sit inside JSON strings, so the template parses like the real body.
		let problem = '';
		if (template.trim() !== '') {
			try {
				JSON.parse(template);
			} catch (error) {
				problem = `This body is not valid JSON (${error instanceof Error ? error.message : String(error)}). It will be sent as it is, and the homeserver will probably answer M_NOT_JSON.`;
			}
		}
		check.hidden = problem === '';
		check.textContent = problem;
	}

	/** Lists the values the body's placeholders stand for, secrets masked. */
	#renderFills(values: Readonly<Record<string, string>>, secrets: readonly string[]): void {
		const fills = this.#part('fills');
		if (!fills) return;
		const names = placeholders(this.#bodyTemplate() ?? '').filter((name) => !name.startsWith('$'));
		fills.hidden = names.length === 0;
		fills.replaceChildren(
			'Filled in when sent: ',
			...names.flatMap((name, index) => {
				const value = resolveVariable(name, values);
				const shown =
					value === undefined
						? 'not set yet'
						: isSecretVariable(name)
							? this.#context.store.showSecret(value)
							: redactText(value, secrets);
				return [index > 0 ? ' · ' : '', el('code', {}, name), ' = ', el('code', {}, shown)];
			}),
		);
	}

	/** Sends the request with the current values and shows the answer. */
	async run(): Promise<void> {
		if (this.#abort) return;
		const keepSyncing = this.#part('keep-syncing');
		// The Run button is disabled while waiting; give its focus back afterwards.
		const runButton = this.#part('run');
		const hadFocus = document.activeElement === runButton;
		do {
			const good = await this.#runOnce();
			if (!good) break;
		} while (keepSyncing instanceof HTMLInputElement && keepSyncing.checked && this.isConnected);
		if (hadFocus && document.activeElement === document.body) runButton?.focus();
	}

	/** One request and its answer; true when it went as the guide expects. */
	async #runOnce(): Promise<boolean> {
		const { store } = this.#context;
		const values = store.values();
		const built = this.#build();
		if (!built.ok) {
			this.#renderRequest();
			return false;
		}
		const request = built.request;
		const refusal = tokenDestinationProblem(request.url, store.baseUrl, request.headers);
		if (refusal) {
			this.#record(this.#failedRun(request, refusal), request, null);
			return false;
		}

		const abort = new AbortController();
		this.#abort = abort;
		this.#setRunning(true, request);
		let outcome: { run: StoredRun; raw: ExchangeResult | null };
		try {
			const send = () => sendRequest(request, (url, init) => fetch(url, init), abort.signal);
			let result = await send();
			const wait =
				result.status === 429 ? retryDelay(result.json, result.headers['retry-after']) : null;
			if (wait !== null && wait <= longestRetryWait) {
				await this.#waitBeforeRetry(wait, abort.signal);
				result = await send();
			}
			outcome = { run: this.#storedRun(request, result, values), raw: result };
		} catch (error) {
			let message: string;
			if (error instanceof NetworkError) message = explainNetworkError(error, store.baseUrl);
			else if (abort.signal.aborted) message = 'Cancelled before the homeserver answered.';
			else message = `The request could not be sent: ${String(error)}`;
			outcome = { run: this.#failedRun(request, message), raw: null };
		} finally {
			this.#abort = null;
			this.#setRunning(false, request);
		}
		this.#record(outcome.run, request, outcome.raw);
		return outcome.run.error === null && outcome.run.problems.length === 0;
	}

	#storedRun(
		request: BuiltRequest,
		result: ExchangeResult,
		values: Readonly<Record<string, string>>,
	): StoredRun {
		const { store } = this.#context;
		const example = this.#example;
		// Taken before a rejected token is set aside, so an answer that echoes it is masked too.
		const knownSecrets = [...store.secrets(), ...bearerOf(request)];
		const captured = captureValues(example, result.status, result.json, values);
		if (Object.keys(captured).length > 0) store.set(captured, example.id);
		if (result.status === example.expect.status && example.forgets.length > 0) {
			store.remove(example.forgets);
			const ended = example.forgets.find((name) => name.endsWith('.accessToken'));
			if (ended)
				store.set({ [ended.replace('accessToken', 'tokenState')]: 'logged-out' }, example.id);
		}
		if (
			result.json !== undefined &&
			(result.json as { errcode?: unknown }).errcode === 'M_UNKNOWN_TOKEN' &&
			example.account
		) {
			store.remove([`${example.account}.accessToken`]);
			store.set({ [`${example.account}.tokenState`]: 'expired' }, example.id);
		} else if (captured[`${example.account}.accessToken`] !== undefined) {
			store.remove([`${example.account}.tokenState`]);
		}
		const secrets = [
			...knownSecrets,
			...Object.entries(captured)
				.filter(([name]) => isSecretVariable(name))
				.map(([, value]) => value),
		];
		const problems = checkResponse(example, result.status, result.json, { ...values, ...captured });
		let text: string;
		try {
			if (result.json === undefined || result.text.length > keepLimit)
				text = redactText(result.text, secrets);
			else text = JSON.stringify(redactJson(result.json, secrets), null, 2);
		} catch {
			// Nested too deep to walk (a hostile answer): keep the text, secrets masked.
			text = redactText(result.text, secrets);
		}
		return {
			at: Date.now(),
			method: request.method,
			url: request.url,
			status: result.status,
			statusText: result.statusText,
			ms: Math.round(result.ms),
			contentType: result.contentType,
			headers: result.headers,
			text,
			size: result.text.length,
			problems,
			error: null,
		};
	}

	#failedRun(request: BuiltRequest, message: string): StoredRun {
		return {
			at: Date.now(),
			method: request.method,
			url: request.url,
			status: null,
			statusText: '',
			ms: 0,
			contentType: '',
			headers: {},
			text: '',
			size: 0,
			problems: [],
			error: message,
		};
	}

	/** Shows a run, and keeps it (masked, and without huge bodies) with the history. */
	#record(run: StoredRun, request: BuiltRequest, raw: ExchangeResult | null): void {
		this.#live = { run, raw, request };
		this.#showRun(run, false, request, raw);
		const { store } = this.#context;
		const previous = store.panel(this.#example.id).history ?? [];
		const summary: RunSummary = {
			at: run.at,
			status: run.status,
			ms: run.ms,
			good: run.error === null && run.problems.length === 0,
		};
		const kept = run.text.length > keepLimit ? { ...run, text: '' } : run;
		store.updatePanel(this.#example.id, {
			last: kept,
			history: [summary, ...previous].slice(0, historyLength),
		});
		this.#renderHistory();
		this.#renderBatch(raw);
	}

	#showRun(
		run: StoredRun,
		restored: boolean,
		request: BuiltRequest | null,
		raw: ExchangeResult | null,
	): void {
		const result = this.#part('result');
		if (!result) return;
		const { store } = this.#context;
		const secrets = store.revealed
			? []
			: [...store.secrets(), ...(request ? bearerOf(request) : [])];
		let shown = run;
		let json: unknown;
		try {
			if (raw && raw.json !== undefined) {
				// This page view still has the answer itself: mask it as the reader chose.
				json = store.revealed ? raw.json : redactJson(raw.json, secrets);
				if (raw.text.length <= keepLimit) shown = { ...run, text: JSON.stringify(json, null, 2) };
			} else {
				json = parseOrUndefined(run.text);
			}
		} catch {
			// Too deeply nested to walk: shown as the stored, masked text.
			json = undefined;
			shown = run;
		}
		result.replaceChildren(
			...renderRun(shown, {
				restored,
				explanation:
					run.status === null ? null : explainResponse(run.status, json, safePath(run.url)),
				captured: run.status === this.#example.expect.status ? this.#capturedHere() : [],
				request,
				json,
				secrets,
			}),
		);
		this.#renderHistory();
	}

	#renderHistory(): void {
		const target = this.#part('history');
		if (target)
			target.replaceChildren(
				...renderHistory(this.#context.store.panel(this.#example.id).history ?? []),
			);
	}

	// In "keep syncing" mode, a line per batch says what it brought.
	#renderBatch(raw: ExchangeResult | null): void {
		const keepSyncing = this.#part('keep-syncing');
		const log = this.#part('batches');
		if (!(keepSyncing instanceof HTMLInputElement) || !log || !raw) return;
		if (!keepSyncing.checked) return;
		const line = el('li', {}, `${new Date().toLocaleTimeString()}: ${summarizeSync(raw.json)}`);
		log.prepend(line);
		while (log.children.length > 20) log.lastElementChild?.remove();
	}

	#capturedHere(): Array<[string, string]> {
		const { store } = this.#context;
		const values = store.values();
		const origins = store.origins();
		return this.#example.captures
			.map((capture) => capture.variable)
			.filter((name) => origins[name]?.step === this.#example.id && values[name] !== undefined)
			.map((name) => {
				const value = values[name] ?? '';
				return [name, isSecretVariable(name) ? store.showSecret(value) : value];
			});
	}

	#setRunning(running: boolean, request: BuiltRequest): void {
		this.toggleAttribute('data-running', running);
		const cancel = this.#part('cancel');
		if (cancel) cancel.hidden = !running;
		if (this.#countdown !== null) clearInterval(this.#countdown);
		this.#countdown = null;
		const state = this.#part('state');
		if (state) {
			const timeout = Number(new URL(request.url).searchParams.get('timeout'));
			if (running && timeout > 0) {
				const until = Date.now() + timeout;
				const tick = () => {
					const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
					state.textContent = `Waiting for new events: the server holds the request up to ${timeout / 1000} s · ${left} s left`;
				};
				tick();
				this.#countdown = setInterval(tick, 1000);
			} else {
				state.textContent = running ? 'Waiting for the homeserver…' : '';
			}
		}
		this.#renderRequest();
	}

	#waitBeforeRetry(ms: number, signal: AbortSignal): Promise<void> {
		const state = this.#part('state');
		const until = Date.now() + ms;
		return new Promise((done, fail) => {
			const tick = () => {
				const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
				if (state) state.textContent = `Rate limited (429): trying again in ${left} s…`;
			};
			tick();
			const interval = setInterval(tick, 250);
			const timer = setTimeout(() => {
				clearInterval(interval);
				done();
			}, ms);
			signal.addEventListener('abort', () => {
				clearTimeout(timer);
				clearInterval(interval);
				fail(new DOMException('Cancelled while waiting to retry', 'AbortError'));
			});
		});
	}

	#stop(): void {
		const keepSyncing = this.#part('keep-syncing');
		if (keepSyncing instanceof HTMLInputElement) keepSyncing.checked = false;
		this.#abort?.abort();
	}
}

/** The token a request carries in its Authorization header, if any. */
function bearerOf(request: BuiltRequest): string[] {
	return Object.entries(request.headers)
		.filter(([name]) => name.toLowerCase() === 'authorization')
		.map(([, value]) => value.replace(/^Bearer\s+/i, ''));
}

function parseOrUndefined(text: string): unknown {
	try {
		return text === '' ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

function safePath(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return '';
	}
}

if (!customElements.get('matrix-request-panel')) {
	customElements.define('matrix-request-panel', RequestPanel);
}
