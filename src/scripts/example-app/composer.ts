import { dynamicValues } from '../../matrix/dynamic-values.ts';
import type { TimelineView } from './timeline.ts';

/** What sending one message gave. */
export type SendResult =
	| { readonly kind: 'sent'; readonly eventId: string }
	| { readonly kind: 'failed'; readonly reason: string };

/** Sends one message with the given transaction ID. */
export type SendMessage = (roomId: string, text: string, txnId: string) => Promise<SendResult>;

/**
 * The message box: Enter sends, Shift+Enter starts a new line. The text goes
 * to `onSend` and the box is emptied at once; the timeline shows the rest.
 */
export class Composer {
	readonly #form: HTMLFormElement;
	readonly #field: HTMLTextAreaElement;

	constructor(form: HTMLFormElement, onSend: (text: string) => void) {
		this.#form = form;
		const field = form.querySelector('textarea');
		if (!field) throw new Error('The composer form has no textarea.');
		this.#field = field;
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			const text = this.#field.value;
			if (text.trim() === '') return;
			this.#field.value = '';
			onSend(text);
		});
		field.addEventListener('keydown', (event) => {
			if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
			event.preventDefault();
			form.requestSubmit();
		});
	}

	/** Puts the cursor in the box. */
	focus(): void {
		this.#field.focus();
	}

	/** Turns the box on or off, e.g. while no room is open. */
	set enabled(on: boolean) {
		for (const control of this.#form.querySelectorAll<HTMLButtonElement | HTMLTextAreaElement>(
			'textarea, button',
		)) {
			control.disabled = !on;
		}
	}
}

/**
 * Messages on their way out. Each gets its transaction ID before the first
 * try, so a retry after a failure sends the very same one: if the first try
 * did reach the server after all, it answers with the same event instead of
 * posting the message twice.
 */
export class Outbox {
	readonly #send: SendMessage;
	readonly #timeline: TimelineView;

	constructor(send: SendMessage, timeline: TimelineView) {
		this.#send = send;
		this.#timeline = timeline;
	}

	/** Shows the message as pending and sends it. */
	async send(roomId: string, text: string): Promise<void> {
		const txnId = dynamicValues.txnId();
		const line = this.#timeline.addPending(roomId, txnId, text);
		let discarded = false;
		const attempt = async (): Promise<void> => {
			line.sending();
			const result = await this.#send(roomId, text, txnId);
			if (discarded) return;
			if (result.kind === 'sent') line.sent(result.eventId);
			else {
				line.failed(
					result.reason,
					() => void attempt(),
					() => {
						discarded = true;
					},
				);
			}
		};
		await attempt();
	}
}
