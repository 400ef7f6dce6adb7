import { valuesAs } from '../matrix/as-account.ts';
import { buildRequest } from '../matrix/build-request.ts';
import type { Account } from '../matrix/example.ts';
import { normalizeHomeserver } from '../matrix/homeserver-url.ts';
import { tokenDestinationProblem } from '../matrix/origin-guard.ts';
import { NetworkError, sendRequest } from '../matrix/send-request.ts';
import { describeVariable } from '../matrix/variable-labels.ts';
import { isSecretVariable } from '../matrix/variables.ts';
import { el } from './dom.ts';
import { explainNetworkError } from './explain-network-error.ts';
import { exampleHref, guideContext, type GuideContext } from './guide-context.ts';

const accountWords: Record<Account, string> = { me: 'You', friend: 'Your friend' };

/**
 * `<matrix-session-bar>`: the homeserver picker, the two accounts, and every
 * value the guide has gathered for the chosen homeserver.
 */
export class SessionBar extends HTMLElement {
	#context!: GuideContext;
	#check = 0;

	connectedCallback(): void {
		this.#context = guideContext();
		const { store } = this.#context;
		const input = this.#part('input');
		if (input instanceof HTMLInputElement) input.value = store.baseUrl;
		this.#part('form')?.addEventListener('submit', (event) => {
			event.preventDefault();
			this.#choose();
		});
		this.#part('forget')?.addEventListener('click', () => {
			if (!confirm(`Forget every value and token saved for ${store.baseUrl}?`)) return;
			store.forget();
		});
		this.#part('reveal')?.addEventListener('click', () => {
			store.revealed = !store.revealed;
		});
		this.#part('remember')?.addEventListener('change', (event) => {
			store.remember((event.target as HTMLInputElement).checked);
		});
		store.subscribe((change) => {
			if (change === 'homeserver' && input instanceof HTMLInputElement) input.value = store.baseUrl;
			this.#render();
		});
		this.#render();
		void this.#checkVersions();
	}

	#part(role: string): HTMLElement | null {
		return this.querySelector<HTMLElement>(`[data-role="${role}"]`);
	}

	#choose(): void {
		const input = this.#part('input');
		if (!(input instanceof HTMLInputElement)) return;
		const raw = input.value.trim();
		const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
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
		const url = `${baseUrl}/_matrix/client/versions`;
		const request = {
			method: 'GET',
			url,
			readableUrl: url,
			headers: {},
			body: null,
			generated: {},
		};
		let message: string;
		let good = false;
		try {
			const result = await sendRequest(request, (target, init) => fetch(target, init));
			const versions = (result.json as { versions?: unknown } | undefined)?.versions;
			if (result.status === 200 && Array.isArray(versions)) {
				const list = versions.filter((item) => typeof item === 'string');
				good = list.some((version) => /^v1\.\d+$/.test(version));
				const shown = list.length > 4 ? `${list[0]} … ${list.at(-1)}` : list.join(', ');
				message = good
					? `${baseUrl} answers: a Matrix homeserver serving spec versions ${shown}.`
					: `${baseUrl} answers, but offers none of the v1.x versions this guide teaches (${list.join(', ') || 'none'}).`;
			} else {
				message = `${url} answered ${result.status} ${result.statusText}; this does not look like a Matrix homeserver. Check the URL.`;
			}
		} catch (error) {
			message =
				error instanceof NetworkError
					? explainNetworkError(error, baseUrl)
					: `Could not check ${baseUrl}: ${String(error)}`;
		}
		if (check === this.#check) this.#status(good ? 'good' : 'bad', message);
	}

	#render(): void {
		const { store } = this.#context;
		const values = store.values();
		const summary = this.#part('summary');
		if (summary) {
			const me = values['me.userId'];
			const friend = values['friend.userId'];
			summary.textContent = `you: ${me ?? 'not signed in'} · friend: ${friend ?? 'not signed in'}`;
		}
		const reveal = this.#part('reveal');
		if (reveal) {
			reveal.setAttribute('aria-pressed', String(store.revealed));
			reveal.textContent = store.revealed
				? 'Hide tokens and passwords'
				: 'Show tokens and passwords';
		}
		const remember = this.#part('remember');
		if (remember instanceof HTMLInputElement) remember.checked = store.remembered;
		this.#renderAccounts();
		this.#renderValues();
	}

	#renderAccounts(): void {
		const list = this.#part('accounts');
		if (!list) return;
		const values = this.#context.store.values();
		list.replaceChildren(
			...(['me', 'friend'] as const).map((account) => {
				const userId = values[`${account}.userId`];
				const token = values[`${account}.accessToken`];
				const state = values[`${account}.tokenState`];
				let words: string;
				if (token) words = `signed in as ${userId ?? 'an unknown user'}`;
				else if (state === 'expired') words = `${userId ?? ''}: the token expired; log in again`;
				else if (state === 'logged-out') words = `${userId ?? ''}: logged out`;
				else if (userId)
					words = `${userId}, signed in in another tab: its token stays there unless you tick “Remember tokens on this device” in that tab`;
				else words = 'not signed in yet';
				const item = el(
					'li',
					{ 'data-account': account },
					el('strong', {}, `${accountWords[account]}: `),
					words,
				);
				if (token) {
					const button = el('button', { type: 'button' }, 'Log out');
					button.addEventListener('click', () => void this.#logOut(account, button));
					item.append(' ', button);
				}
				return item;
			}),
		);
	}

	/** Runs the guide's own log-out step for either account. */
	async #logOut(account: Account, button: HTMLButtonElement): Promise<void> {
		const { store, examples } = this.#context;
		const logout = examples.find(
			(example) => example.url.endsWith('/logout') && example.forgets.length > 0,
		);
		if (!logout) return;
		const built = buildRequest(logout, valuesAs(logout, account, store.values()));
		if (!built.ok) return;
		if (tokenDestinationProblem(built.request.url, store.baseUrl, built.request.headers)) return;
		button.disabled = true;
		try {
			const result = await sendRequest(built.request, (url, init) => fetch(url, init));
			const errcode = (result.json as { errcode?: unknown } | undefined)?.errcode;
			// A token the server no longer knows is as good as logged out.
			if (result.status === logout.expect.status || errcode === 'M_UNKNOWN_TOKEN') {
				store.remove([`${account}.accessToken`, `${account}.deviceId`]);
				store.set({ [`${account}.tokenState`]: 'logged-out' }, logout.id);
			} else {
				this.#status('bad', `Logging out answered ${result.status}: ${result.text.slice(0, 200)}`);
			}
		} catch (error) {
			this.#status(
				'bad',
				error instanceof NetworkError ? explainNetworkError(error, store.baseUrl) : String(error),
			);
		} finally {
			button.disabled = false;
		}
	}

	#renderValues(): void {
		const { store, base } = this.#context;
		const values = store.values();
		const origins = store.origins();
		// Yours first, then your friend's, then the rooms and sync values.
		const group = (name: string) =>
			name.startsWith('me.') ? 0 : name.startsWith('friend.') ? 1 : 2;
		const present = Object.keys(values).filter(
			(name) => name !== 'baseUrl' && !name.endsWith('.tokenState'),
		);
		// An account's token and password get a row even when this tab lacks them, to paste in.
		const slots = (['me', 'friend'] as const)
			.filter((account) => values[`${account}.username`] !== undefined)
			.flatMap((account) => [`${account}.accessToken`, `${account}.password`]);
		const names = [...new Set([...present, ...slots])].sort(
			(a, b) => group(a) - group(b) || a.localeCompare(b),
		);
		const list = this.#part('values');
		if (!list) return;
		list.replaceChildren(
			...names.map((name) => {
				const value = values[name] ?? '';
				const step = origins[name]?.step ?? null;
				const provider = step === null ? undefined : this.#context.byId.get(step);
				const origin = provider
					? el('a', { href: exampleHref(provider, base) }, `from “${provider.title}”`)
					: isSecretVariable(name) && !store.revealed
						? 'default; “Show tokens and passwords” to change it'
						: 'default or set here';
				const id = `session-${name.replace(/\W/g, '-')}`;
				// A secret is editable while shown, so its value never sits in a field unseen.
				const field =
					isSecretVariable(name) && !store.revealed && value !== ''
						? el('code', { id, tabindex: '0' }, store.showSecret(value))
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
		const input = el('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off' });
		input.value = value;
		if (value === '') input.placeholder = 'not in this tab: paste or type it';
		input.addEventListener('change', () => {
			const typed = input.value.trim();
			if (typed === '') this.#context.store.remove([name]);
			else this.#context.store.set({ [name]: typed }, null);
		});
		return input;
	}
}

if (!customElements.get('matrix-session-bar')) {
	customElements.define('matrix-session-bar', SessionBar);
}
