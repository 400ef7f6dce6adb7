import { buildRequest, type BuiltRequest } from '../matrix/build-request.ts';
import { captureValues } from '../matrix/capture.ts';
import { checkResponse } from '../matrix/check-response.ts';
import type { PlacedExample } from '../matrix/example.ts';
import { explainResponse } from '../matrix/explain-response.ts';
import { providerOf } from '../matrix/guide.ts';
import { tokenDestinationProblem } from '../matrix/origin-guard.ts';
import { maskSecret, redactJson, redactText } from '../matrix/redact.ts';
import { NetworkError, sendRequest } from '../matrix/send-request.ts';
import { fillTemplate, placeholders } from '../matrix/template.ts';
import { describeVariable } from '../matrix/variable-labels.ts';
import { isSecretVariable, resolveVariable } from '../matrix/variables.ts';
import { el } from './dom.ts';
import { exampleHref, guideContext, type GuideContext } from './guide-context.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { showJson } from './highlight-json.ts';
import type { StoredRun } from './session-store.ts';

const accountNames = { me: 'you', friend: 'your friend' } as const;

/**
 * `<matrix-request-panel>`: enhances the server-rendered request of one guide
 * example with live values, a Run button and the response.
 */
export class RequestPanel extends HTMLElement {
	#context!: GuideContext;
	#example!: PlacedExample;
	#abort: AbortController | null = null;
	#unsubscribe: (() => void) | null = null;

	connectedCallback(): void {
		this.#context = guideContext();
		const example = this.#context.byId.get(this.dataset['example'] ?? '');
		if (!example) return;
		this.#example = example;

		const body = this.#part('body');
		const saved = this.#context.store.panel(example.id);
		if (body instanceof HTMLTextAreaElement && saved.body !== undefined) body.value = saved.body;
		body?.addEventListener('input', () => this.#saveBody());
		this.#part('run')?.addEventListener('click', () => void this.run());
		this.#part('cancel')?.addEventListener('click', () => this.#abort?.abort());
		this.#part('reset')?.addEventListener('click', () => this.#resetBody());

		this.#unsubscribe = this.#context.store.subscribe(() => this.#renderRequest());
		this.#renderRequest();
		if (saved.last) this.#renderRun(saved.last, true);
	}

	disconnectedCallback(): void {
		this.#unsubscribe?.();
		this.#abort?.abort();
	}

	#part(role: string): HTMLElement | null {
		return this.querySelector<HTMLElement>(`[data-role="${role}"]`);
	}

	#bodyTemplate(): string | null {
		const body = this.#part('body');
		return body instanceof HTMLTextAreaElement ? body.value : this.#example.body;
	}

	#saveBody(): void {
		const state = this.#context.store.panel(this.#example.id);
		const body = this.#bodyTemplate() ?? undefined;
		const edited = body !== undefined && body !== this.#example.body;
		this.#context.store.savePanel(this.#example.id, {
			...(state.last ? { last: state.last } : {}),
			...(edited ? { body } : {}),
		});
		this.#renderRequest();
	}

	#resetBody(): void {
		const body = this.#part('body');
		if (body instanceof HTMLTextAreaElement) body.value = this.#example.body ?? '';
		this.#saveBody();
	}

	/** Redraws the URL, headers and readiness from the current values. */
	#renderRequest(): void {
		const { store } = this.#context;
		const values = store.values();
		const example = this.#example;
		const secrets = store.secrets();

		const account = this.#part('account');
		if (account && example.account) {
			const userId = values[`${example.account}.userId`];
			account.textContent = `Runs as ${accountNames[example.account]}${userId ? ` (${userId})` : ''}`;
		}

		const built = buildRequest(example, values, { body: this.#bodyTemplate() });
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
						return found !== undefined && isSecretVariable(key) ? maskSecret(found) : found;
					}).text;
					return el('li', {}, el('code', {}, `${name}: ${redactText(filled, secrets)}`));
				}),
			);
		}

		this.#renderFills(values, secrets);

		const reset = this.#part('reset');
		if (reset) reset.hidden = this.#bodyTemplate() === example.body;

		const needs = this.#part('needs');
		const run = this.#part('run');
		if (run instanceof HTMLButtonElement) run.disabled = this.#abort !== null || !built.ok;
		if (!needs) return;
		if (built.ok) {
			needs.hidden = true;
			needs.replaceChildren();
			return;
		}
		needs.hidden = false;
		needs.replaceChildren(
			el('p', {}, 'Not ready yet: this step needs'),
			el('ul', {}, ...built.missing.map((name) => this.#needItem(name))),
		);
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
							? maskSecret(value)
							: redactText(value, secrets);
				return [index > 0 ? ' · ' : '', el('code', {}, name), ' = ', el('code', {}, shown)];
			}),
		);
	}

	#needItem(name: string): HTMLLIElement {
		const provider = providerOf(name, this.#context.providers);
		const label = describeVariable(name);
		if (!provider) return el('li', {}, `${label} (${name}), which you can set in the session bar.`);
		return el(
			'li',
			{},
			`${label}, from the step `,
			el('a', { href: exampleHref(provider, this.#context.base) }, provider.title),
			provider.page === this.#example.page ? '.' : ` (page “${provider.pageTitle}”).`,
		);
	}

	/** Sends the request with the current values and shows the answer. */
	async run(): Promise<void> {
		if (this.#abort) return;
		const { store } = this.#context;
		const values = store.values();
		const built = buildRequest(this.#example, values, { body: this.#bodyTemplate() });
		if (!built.ok) {
			this.#renderRequest();
			return;
		}
		const request = built.request;
		const refusal = tokenDestinationProblem(request.url, store.baseUrl, request.headers);
		if (refusal) {
			this.#renderRun(this.#failedRun(request, refusal), false);
			return;
		}

		this.#abort = new AbortController();
		this.#setRunning(true);
		let run: StoredRun;
		try {
			const result = await sendRequest(request, (url, init) => fetch(url, init), this.#abort.signal);
			const captured = captureValues(this.#example, result.status, result.json, values);
			if (Object.keys(captured).length > 0) store.set(captured, this.#example.id);
			const secrets = [...store.secrets(), ...secretValues(captured)];
			const problems = checkResponse(this.#example, result.status, result.json, {
				...values,
				...captured,
			});
			const shown =
				result.json === undefined
					? redactText(result.text, secrets)
					: JSON.stringify(redactJson(result.json, secrets), null, 2);
			run = {
				at: Date.now(),
				method: request.method,
				url: request.url,
				status: result.status,
				statusText: result.statusText,
				ms: Math.round(result.ms),
				contentType: result.contentType,
				text: shown,
				problems,
				error: null,
			};
		} catch (error) {
			const message =
				error instanceof NetworkError
					? explainNetworkError(error, store.baseUrl)
					: `The request could not be sent: ${String(error)}`;
			run = this.#failedRun(request, message);
		} finally {
			this.#abort = null;
			this.#setRunning(false);
		}
		this.#renderRun(run, false, request);
		const state = store.panel(this.#example.id);
		store.savePanel(this.#example.id, { ...state, last: run });
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
			text: '',
			problems: [],
			error: message,
		};
	}

	#setRunning(running: boolean): void {
		this.toggleAttribute('data-running', running);
		const cancel = this.#part('cancel');
		if (cancel) cancel.hidden = !running;
		const state = this.#part('state');
		if (state) state.textContent = running ? 'Waiting for the homeserver…' : '';
		this.#renderRequest();
	}

	/** Shows one run: status line, checks, what was saved, the request sent and the body. */
	#renderRun(run: StoredRun, restored: boolean, request?: BuiltRequest): void {
		const result = this.#part('result');
		if (!result) return;
		const secrets = this.#context.store.secrets();
		const children: Node[] = [];

		if (run.error !== null) {
			children.push(el('p', { class: 'run-status run-failed', 'data-status': 'none' }, run.error));
		} else {
			const good = run.problems.length === 0;
			const when = restored ? ` · earlier, ${new Date(run.at).toLocaleTimeString()}` : '';
			children.push(
				el(
					'p',
					{ class: `run-status ${good ? 'run-good' : 'run-bad'}`, 'data-status': String(run.status) },
					el('strong', {}, `${run.status} ${run.statusText}`.trim()),
					` · ${run.ms} ms${when} · `,
					good ? 'as the guide expects' : 'not what the guide expects',
				),
			);
			if (!good) children.push(el('ul', { class: 'run-problems' }, ...run.problems.map((p) => el('li', {}, p))));
			const json = parseOrUndefined(run.text);
			const explanation = explainResponse(run.status ?? 0, json);
			if (explanation) children.push(el('p', { class: 'run-explain' }, explanation));
		}

		const captured = this.#capturedHere();
		if (captured.length > 0 && run.error === null) {
			children.push(
				el(
					'p',
					{ class: 'run-captured' },
					'Saved for later steps: ',
					...captured.flatMap(([name, value], index) => [
						index > 0 ? ', ' : '',
						el('code', {}, name),
						' = ',
						el('code', {}, isSecretVariable(name) ? maskSecret(value) : value),
					]),
				),
			);
		}

		if (request) {
			const sent = [`${request.method} ${request.url}`];
			for (const [name, value] of Object.entries(request.headers)) sent.push(`${name}: ${value}`);
			if (request.body !== null) sent.push('', request.body);
			children.push(
				el(
					'details',
					{ class: 'run-sent' },
					el('summary', {}, 'Request sent'),
					el('pre', {}, el('code', {}, redactText(sent.join('\n'), secrets))),
				),
			);
		}

		if (run.error === null) {
			const code = el('code', {});
			const isJson = parseOrUndefined(run.text) !== undefined;
			children.push(
				el('p', { class: 'run-body-label' }, isJson ? 'Response body (JSON, pretty-printed)' : `Response body (${run.contentType || 'no content type'})`),
				el('pre', { class: 'run-body', tabindex: '0' }, code),
			);
			if (isJson) void showJson(code, run.text);
			else code.textContent = run.text;
		}
		result.replaceChildren(...children);
	}

	#capturedHere(): Array<[string, string]> {
		const values = this.#context.store.values();
		const origins = this.#context.store.origins();
		return this.#example.captures
			.map((capture) => capture.variable)
			.filter((name) => origins[name]?.step === this.#example.id && values[name] !== undefined)
			.map((name) => [name, values[name] ?? '']);
	}
}

function secretValues(values: Readonly<Record<string, string>>): string[] {
	return Object.entries(values)
		.filter(([name]) => isSecretVariable(name))
		.map(([, value]) => value);
}

function parseOrUndefined(text: string): unknown {
	try {
		return text === '' ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

if (!customElements.get('matrix-request-panel')) {
	customElements.define('matrix-request-panel', RequestPanel);
}
