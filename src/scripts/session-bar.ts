import { maskSecret } from '../matrix/redact.ts';
import { NetworkError, sendRequest } from '../matrix/send-request.ts';
import { describeVariable } from '../matrix/variable-labels.ts';
import { isSecretVariable } from '../matrix/variables.ts';
import { el } from './dom.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { exampleHref, guideContext, type GuideContext } from './guide-context.ts';
import { normalizeHomeserver } from '../matrix/homeserver-url.ts';

/**
 * `<matrix-session-bar>`: the homeserver picker and the values the guide has
 * gathered for it, on every page.
 */
export class SessionBar extends HTMLElement {
	#context!: GuideContext;
	#check = 0;

	connectedCallback(): void {
		this.#context = guideContext();
		const input = this.#part('input');
		if (input instanceof HTMLInputElement) input.value = this.#context.store.baseUrl;
		this.#part('form')?.addEventListener('submit', (event) => {
			event.preventDefault();
			this.#choose();
		});
		this.#part('forget')?.addEventListener('click', () => {
			const { baseUrl } = this.#context.store;
			if (!confirm(`Forget every value and token saved for ${baseUrl}?`)) return;
			this.#context.store.forget();
		});
		this.#context.store.subscribe(() => this.#renderValues());
		this.#renderValues();
		void this.#checkVersions();
	}

	#part(role: string): HTMLElement | null {
		return this.querySelector<HTMLElement>(`[data-role="${role}"]`);
	}

	#choose(): void {
		const input = this.#part('input');
		if (!(input instanceof HTMLInputElement)) return;
		const raw = input.value.trim();
		const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
		const baseUrl = normalizeHomeserver(withScheme);
		if (baseUrl === null) {
			this.#status('bad', `"${raw}" is not a homeserver URL. Type one like http://localhost:8008.`);
			return;
		}
		input.value = baseUrl;
		if (baseUrl !== this.#context.store.baseUrl) this.#context.store.switchTo(baseUrl);
		void this.#checkVersions();
	}

	#status(kind: 'good' | 'bad' | 'busy', text: string): void {
		const status = this.#part('status');
		if (!status) return;
		status.dataset['state'] = kind;
		status.textContent = text;
	}

	/** Asks the homeserver which spec versions it serves; says why when it cannot. */
	async #checkVersions(): Promise<void> {
		const check = ++this.#check;
		const { baseUrl } = this.#context.store;
		this.#status('busy', `Checking ${baseUrl}…`);
		const request = {
			method: 'GET',
			url: `${baseUrl}/_matrix/client/versions`,
			readableUrl: `${baseUrl}/_matrix/client/versions`,
			headers: {},
			body: null,
			generated: {},
		};
		let message: string;
		let good = false;
		try {
			const result = await sendRequest(request, (url, init) => fetch(url, init));
			const versions = (result.json as { versions?: unknown } | undefined)?.versions;
			if (result.status === 200 && Array.isArray(versions)) {
				const list = versions.filter((item) => typeof item === 'string');
				good = list.some((version) => /^v1\.\d+$/.test(version));
				const shown = list.length > 4 ? `${list[0]} … ${list.at(-1)}` : list.join(', ');
				message = good
					? `${baseUrl} answers: a Matrix homeserver serving spec versions ${shown}.`
					: `${baseUrl} answers, but offers none of the v1.x versions this guide teaches (${list.join(', ') || 'none'}).`;
			} else {
				message = `${baseUrl}/_matrix/client/versions answered ${result.status} ${result.statusText}; this does not look like a Matrix homeserver. Check the URL.`;
			}
		} catch (error) {
			message =
				error instanceof NetworkError
					? explainNetworkError(error, baseUrl)
					: `Could not check ${baseUrl}: ${String(error)}`;
		}
		if (check === this.#check) this.#status(good ? 'good' : 'bad', message);
	}

	#renderValues(): void {
		const { store, base } = this.#context;
		const values = store.values();
		const origins = store.origins();
		// Yours first, then your friend's, then the rooms and sync values.
		const group = (name: string) => (name.startsWith('me.') ? 0 : name.startsWith('friend.') ? 1 : 2);
		const names = Object.keys(values)
			.filter((name) => name !== 'baseUrl')
			.sort((a, b) => group(a) - group(b) || a.localeCompare(b));
		const summary = this.#part('summary');
		if (summary) {
			const me = values['me.userId'];
			const friend = values['friend.userId'];
			summary.textContent = `you: ${me ?? 'not signed in'} · friend: ${friend ?? 'not signed in'}`;
		}
		const list = this.#part('values');
		if (!list) return;
		list.replaceChildren(
			...names.map((name) => {
				const value = values[name] ?? '';
				const step = origins[name]?.step ?? null;
				const provider = step === null ? undefined : this.#context.byId.get(step);
				const origin = provider
					? el('a', { href: exampleHref(provider, base) }, `from “${provider.title}”`)
					: 'default or set here';
				const id = `session-${name.replace(/\W/g, '-')}`;
				const field = isSecretVariable(name)
					? el('code', { id }, maskSecret(value))
					: this.#editor(id, name, value);
				return el(
					'div',
					{ class: 'session-value' },
					el('dt', {}, el('label', { for: id }, describeVariable(name)), ' ', el('code', {}, name)),
					el('dd', {}, field, ' ', el('span', { class: 'session-origin' }, origin)),
				);
			}),
		);
	}

	#editor(id: string, name: string, value: string): HTMLInputElement {
		const input = el('input', { id, type: 'text', spellcheck: 'false' });
		input.value = value;
		input.addEventListener('change', () => {
			this.#context.store.set({ [name]: input.value.trim() }, null);
		});
		return input;
	}
}

if (!customElements.get('matrix-session-bar')) {
	customElements.define('matrix-session-bar', SessionBar);
}
