import type { SyncStatus } from './sync-loop.ts';

/**
 * The status line: what the sync loop is doing, in words, with a countdown
 * while it waits to try again and a button to try at once.
 */
export class SyncStatusLine {
	readonly #line: HTMLElement;
	readonly #retry: HTMLElement;
	#countdown: ReturnType<typeof setInterval> | null = null;

	constructor(line: HTMLElement, retry: HTMLElement) {
		this.#line = line;
		this.#retry = retry;
	}

	/** Shows a new status; `data-state` on the line is the status's kind. */
	show(status: SyncStatus): void {
		const line = this.#line;
		line.dataset['state'] = status.kind;
		this.#retry.hidden = status.kind !== 'retrying';
		if (this.#countdown !== null) clearInterval(this.#countdown);
		this.#countdown = null;
		switch (status.kind) {
			case 'stopped':
				line.textContent = 'Not syncing.';
				break;
			case 'catching-up':
				line.textContent = 'Catching up: the first sync…';
				break;
			case 'live':
				line.textContent = 'Live: a long-poll waits for new events.';
				break;
			case 'paused':
				line.textContent =
					status.why === 'hidden'
						? 'Paused while the page is hidden; it carries on when you are back.'
						: 'Paused: the page was left.';
				break;
			case 'ended':
				line.textContent = `Stopped: ${status.reason}`;
				break;
			case 'retrying': {
				const tick = () => {
					const left = Math.max(0, Math.ceil((status.at - Date.now()) / 1000));
					const next =
						left > 0
							? `Trying again in ${left} s (attempt ${status.attempt + 1}).`
							: `Trying again now (attempt ${status.attempt + 1})…`;
					line.textContent = `Sync failed: ${status.reason} ${next}`;
				};
				tick();
				this.#countdown = setInterval(tick, 1000);
				break;
			}
		}
	}
}
