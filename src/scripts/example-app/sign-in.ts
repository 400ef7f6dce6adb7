import { captureValues } from '../../matrix/capture.ts';
import { readPath } from '../../matrix/json-path.ts';
import { el } from '../dom.ts';
import type { GuideContext } from '../guide-context.ts';
import {
	answerProblem,
	errcodeOf,
	type StepAnswer,
	type StepResult,
	type StepRunner,
} from './run-step.ts';

/** The elements of the sign-in section. */
export interface SignInParts {
	readonly sessionText: HTMLElement;
	readonly hint: HTMLElement;
	readonly useSession: HTMLButtonElement;
	readonly form: HTMLFormElement;
	readonly error: HTMLElement;
}

/**
 * Signing in: with the account the guide's session already has, or by logging
 * in or registering on the page. Either way the result is the session's "me"
 * account, so the panels on every page and the app act as the same person.
 */
export class SignIn {
	readonly #parts: SignInParts;
	readonly #context: GuideContext;
	readonly #steps: StepRunner;
	readonly #onSignedIn: (userId: string) => void;
	#busy = false;

	constructor(
		parts: SignInParts,
		context: GuideContext,
		steps: StepRunner,
		onSignedIn: (userId: string) => void,
	) {
		this.#parts = parts;
		this.#context = context;
		this.#steps = steps;
		this.#onSignedIn = onSignedIn;
		parts.useSession.addEventListener('click', () => void this.#useSession());
		parts.form.addEventListener('submit', (event) => {
			event.preventDefault();
			const data = new FormData(parts.form);
			const username = String(data.get('username') ?? '').trim();
			const password = String(data.get('password') ?? '');
			const register = event.submitter?.getAttribute('value') === 'register';
			void this.#guard(() =>
				register ? this.#register(username, password) : this.#login(username, password),
			);
		});
	}

	/** Says what the guide's session offers on this homeserver, and shows a notice. */
	render(notice = ''): void {
		const { store } = this.#context;
		const values = store.values();
		const userId = values['me.userId'];
		const token = values['me.accessToken'];
		const { sessionText, useSession, error, hint } = this.#parts;
		error.textContent = notice;
		useSession.hidden = userId === undefined;
		const also = "It becomes the session's “you”: the panels on the other pages run as it too.";
		hint.textContent =
			userId === undefined
				? `Register a new account here, or log in to one you have. ${also}`
				: `Or sign in as another account on this homeserver. ${also}`;
		if (userId !== undefined && token !== undefined) {
			const step = this.#context.byId.get(store.origins()['me.accessToken']?.step ?? '');
			const from = step ? ` (token from the step “${step.title}”)` : '';
			sessionText.textContent = `The guide's session is signed in here as ${userId}${from}.`;
			useSession.textContent = `Open the app as ${userId}`;
		} else if (userId !== undefined && values['me.password'] !== undefined) {
			const state = values['me.tokenState'];
			const why =
				state === 'logged-out'
					? 'was logged out'
					: state === 'expired'
						? 'expired'
						: 'is not in this tab';
			sessionText.textContent = `The guide's session knows ${userId}, but its token ${why}.`;
			useSession.textContent = `Log in again as ${userId}`;
		} else {
			sessionText.replaceChildren(
				"The guide's session has no account on this homeserver yet. " +
					'Register one below, or go through ',
				el('a', { href: `${this.#context.base}guide/accounts/` }, 'the Accounts page'),
				' first.',
			);
			useSession.hidden = true;
		}
		const username = this.#parts.form.elements.namedItem('username');
		if (username instanceof HTMLInputElement && username.value === '' && userId !== undefined) {
			username.value = values['me.username'] ?? '';
		}
	}

	async #useSession(): Promise<void> {
		const values = this.#context.store.values();
		const userId = values['me.userId'];
		if (userId !== undefined && values['me.accessToken'] !== undefined) {
			this.#onSignedIn(userId);
			return;
		}
		await this.#guard(() => this.#login());
	}

	// One sign-in at a time; the buttons say so while it runs.
	async #guard(action: () => Promise<void>): Promise<void> {
		if (this.#busy) return;
		this.#busy = true;
		const controls = [this.#parts.useSession, ...this.#parts.form.querySelectorAll('button')];
		for (const control of controls) control.disabled = true;
		this.#parts.error.textContent = '';
		try {
			await action();
		} finally {
			this.#busy = false;
			for (const control of controls) control.disabled = false;
		}
	}

	/** Logs in with the typed account, or with the session's own when none is given. */
	async #login(username?: string, password?: string): Promise<void> {
		const typed: Record<string, string> =
			username === undefined ? {} : { 'me.username': username, 'me.password': password ?? '' };
		const result = await this.#steps.run('login', { values: typed });
		if (result.kind === 'answer' && result.expected) {
			this.#keep(result, typed);
			return;
		}
		this.#fail(result, {
			M_FORBIDDEN: 'Wrong username or password for this homeserver.',
		});
	}

	async #register(username: string, password: string): Promise<void> {
		const typed = { 'me.username': username, 'me.password': password };
		const start = await this.#steps.run('register-start', { values: typed });
		// A server that registers without user-interactive auth answers like the last stage.
		if (start.kind === 'answer' && start.status === 200) {
			this.#keep(
				{ ...start, example: this.#steps.example('register-finish') ?? start.example },
				typed,
			);
			return;
		}
		if (start.kind === 'failure' || !start.expected) {
			this.#fail(start, registerErrors);
			return;
		}
		if (!offersDummy(start.json)) {
			this.#parts.error.textContent =
				'This homeserver asks for more than the dummy stage to register (a token, an ' +
				'email, a CAPTCHA). Register in another client, then log in here.';
			return;
		}
		const session = readPath(start.json, ['session']);
		const finish = await this.#steps.run('register-finish', {
			values: { ...typed, 'me.uiaSession': typeof session === 'string' ? session : '' },
		});
		if (finish.kind === 'answer' && finish.expected) this.#keep(finish, typed);
		else this.#fail(finish, registerErrors);
	}

	// The new account becomes the session's "me", as running the guide's step would make it.
	#keep(answer: StepAnswer, typed: Readonly<Record<string, string>>): void {
		const { store } = this.#context;
		const values = { ...store.values(), ...typed };
		const captured = captureValues(answer.example, answer.status, answer.json, values);
		const userId = captured['me.userId'];
		if (userId === undefined || captured['me.accessToken'] === undefined) {
			this.#parts.error.textContent = 'The homeserver answered without a user ID or token.';
			return;
		}
		store.remove(['me.tokenState']);
		store.set({ ...typed, ...captured }, answer.example.id);
		this.#onSignedIn(userId);
	}

	#fail(result: StepResult, known: Readonly<Record<string, string>>): void {
		const errcode = errcodeOf(result) ?? '';
		this.#parts.error.textContent =
			result.kind === 'failure' ? result.reason : (known[errcode] ?? answerProblem(result));
	}
}

const registerErrors: Readonly<Record<string, string>> = {
	M_USER_IN_USE: 'That username is taken on this homeserver. Pick another, or log in.',
	M_INVALID_USERNAME: 'Usernames may only use lowercase letters, digits and . _ = - / +.',
	M_FORBIDDEN: 'This homeserver does not allow registration through the API.',
};

// Whether one of the flows is the dummy stage alone, the only one the app completes.
function offersDummy(json: unknown): boolean {
	const flows = readPath(json, ['flows']);
	if (!Array.isArray(flows)) return false;
	return flows.some((flow) => {
		const stages = readPath(flow, ['stages']);
		return Array.isArray(stages) && stages.length === 1 && stages[0] === 'm.login.dummy';
	});
}
