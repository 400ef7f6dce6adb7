import { valuesAs } from '../matrix/as-account.ts';
import { buildRequest } from '../matrix/build-request.ts';
import type { Account } from '../matrix/example.ts';
import { tokenDestinationProblem } from '../matrix/origin-guard.ts';
import { NetworkError, sendRequest } from '../matrix/send-request.ts';
import { findHomeserver, type PickerStep } from './find-homeserver.ts';
import { inspectHomeserver } from './inspect-homeserver.ts';
import { describeVariable } from '../matrix/variable-labels.ts';
import { isSecretVariable } from '../matrix/variables.ts';
import { el } from './dom.ts';
import { shorten } from '../matrix/shorten.ts';
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
			void this.#choose();
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
		// A link's homeserver that is not a base URL goes through the picker, as if typed.
		const { fromLink } = this.#context;
		if (fromLink !== null && input instanceof HTMLInputElement) {
			input.value = fromLink;
			void this.#choose(true);
		} else {
			void this.#inspect(++this.#check, 'start');
		}
	}

	#part(role: string): HTMLElement | null {
		return this.querySelector<HTMLElement>(`[data-role="${role}"]`);
	}

	async #choose(fromLink = false): Promise<void> {
		const input = this.#part('input');
		if (!(input instanceof HTMLInputElement)) return;
		const check = ++this.#check;
		this.#clearSteps();
		this.#status('busy', `Looking for the homeserver of “${shorten(input.value.trim())}”…`);
		let failed: PickerStep | null = null;
		const baseUrl = await findHomeserver(input.value, (step) => {
			if (step.state === 'bad') failed = step;
			else this.#addStep(step);
		});
		if (check !== this.#check) return;
		const { store } = this.#context;
		if (baseUrl === null) {
			const why = (failed as PickerStep | null)?.text ?? 'No homeserver found.';
			if (!fromLink) {
				this.#status('bad', why);
				return;
			}
			// Said in the status line, so someone who followed a link knows it did not apply.
			const given = input.value.trim() === '' ? 'Its ?homeserver= is empty.' : why;
			this.#status(
				'bad',
				`The link's homeserver was not used. ${given} The guide uses ${store.baseUrl} instead.`,
			);
			await this.#inspect(check, 'below');
			return;
		}
		input.value = baseUrl;
		if (baseUrl !== store.baseUrl) store.switchTo(baseUrl);
		await this.#inspect(check);
	}

	#status(kind: 'good' | 'bad' | 'busy', text: string): void {
		const status = this.#part('status');
		if (!status) return;
		status.dataset['state'] = kind;
		status.textContent = text;
	}

	#clearSteps(): void {
		this.#part('steps')?.replaceChildren();
	}

	#addStep(step: PickerStep): void {
		this.#part('steps')?.append(el('li', { 'data-state': step.state }, step.text));
	}

	/**
	 * Checks the chosen homeserver: versions in the status line, the rest listed
	 * below it. On page load (`start`), good news stays in the status line,
	 * folded into a few words, so the page does not shift as the answers arrive;
	 * `below` lists every answer under a status line that says something else.
	 */
	async #inspect(
		check = ++this.#check,
		mode: 'start' | 'chosen' | 'below' = 'chosen',
	): Promise<void> {
		const { baseUrl } = this.#context.store;
		if (mode === 'chosen') this.#status('busy', `Checking ${baseUrl}…`);
		let first = true;
		let line = '';
		await inspectHomeserver(baseUrl, this.#context.examples, (step) => {
			if (check !== this.#check) return;
			if (mode === 'below') {
				this.#addStep(step);
			} else if (first) {
				line = step.text;
				this.#status(step.state === 'good' ? 'good' : 'bad', line);
			} else if (mode === 'start' && step.state === 'good') {
				line = `${line.replace(/\.$/, '')}; ${step.short ?? step.text}`;
				this.#status('good', line);
			} else {
				this.#addStep(step);
			}
			first = false;
		});
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

	/** After a token is pasted, the guide's own whoami step says whose it is. */
	async #whoAmI(account: Account): Promise<void> {
		const { store, examples } = this.#context;
		const whoami = examples.find((example) => example.url.endsWith('/account/whoami'));
		if (!whoami) return;
		const built = buildRequest(whoami, valuesAs(whoami, account, store.values()));
		if (
			!built.ok ||
			tokenDestinationProblem(built.request.url, store.baseUrl, built.request.headers)
		)
			return;
		try {
			const result = await sendRequest(built.request, (url, init) => fetch(url, init));
			const userId = (result.json as { user_id?: unknown } | undefined)?.user_id;
			if (result.status === 200 && typeof userId === 'string') {
				store.remove([`${account}.tokenState`]);
				store.set({ [`${account}.userId`]: userId }, whoami.id);
			} else {
				this.#status(
					'bad',
					`The homeserver did not accept that token (${result.status}); check it and paste it again.`,
				);
			}
		} catch (error) {
			if (error instanceof NetworkError)
				this.#status('bad', explainNetworkError(error, store.baseUrl));
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
		const slots = (['me', 'friend'] as const).flatMap((account) => [
			`${account}.accessToken`,
			`${account}.password`,
		]);
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
					: value === ''
						? 'not set yet: a step fills it in, or type it here'
						: isSecretVariable(name) && !store.revealed
							? 'set here; “Show tokens and passwords” to change it'
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
			if (typed !== '' && name.endsWith('.accessToken'))
				void this.#whoAmI(name.startsWith('me.') ? 'me' : 'friend');
		});
		return input;
	}
}

if (!customElements.get('matrix-session-bar')) {
	customElements.define('matrix-session-bar', SessionBar);
}
