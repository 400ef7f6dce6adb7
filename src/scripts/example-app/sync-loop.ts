/** What one sync call gave the loop. */
export type SyncOutcome =
	| { readonly kind: 'batch'; readonly json: unknown; readonly nextBatch: string }
	/** `fatal` stops the loop (a token the server rejects); otherwise it backs off. */
	| {
			readonly kind: 'error';
			readonly reason: string;
			readonly retryAfterMs: number | null;
			readonly fatal: boolean;
	  }
	| { readonly kind: 'aborted' };

/** Where the loop is, for the status line. */
export type SyncStatus =
	| { readonly kind: 'stopped' }
	| { readonly kind: 'catching-up' }
	| { readonly kind: 'live' }
	| { readonly kind: 'paused'; readonly why: 'hidden' | 'left' }
	| {
			readonly kind: 'retrying';
			readonly reason: string;
			readonly at: number;
			readonly attempt: number;
	  }
	| { readonly kind: 'ended'; readonly reason: string };

/** What the loop needs from the app. */
export interface SyncLoopOptions {
	/**
	 * One sync: without `since` the first time, then a long-poll from it. `quick`
	 * asks for an answer at once instead, to see whether the server is back.
	 */
	readonly sync: (
		since: string | null,
		signal: AbortSignal,
		quick: boolean,
	) => Promise<SyncOutcome>;
	/** Called with each answer; `initial` for the first one. */
	readonly onBatch: (json: unknown, initial: boolean) => void;
	readonly onStatus: (status: SyncStatus) => void;
}

// Waits after failures: 1 s, 2 s, 4 s … up to a minute, each with some jitter so
// many tabs do not come back at the same moment.
const firstDelayMs = 1000;
const longestDelayMs = 60_000;
// A server that answers a long-poll at once with nothing new (one that ignores
// `timeout`) would turn the loop into a flood; answers never come faster than this.
const shortestRoundMs = 500;

/** The wait before retry number `attempt` (1 for the first). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
	const plain = Math.min(longestDelayMs, firstDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(plain * (0.8 + random() * 0.4));
}

/**
 * The client's event stream: sync, hand over the batch, sync again from its
 * `next_batch`. It can be paused (the page hidden or left) and resumed from
 * the same `since`; errors back off and are reported, and only one request is
 * ever in flight.
 */
export class SyncLoop {
	readonly #options: SyncLoopOptions;
	#since: string | null = null;
	#running = false;
	#paused = false;
	// Bumped on every stop, pause and resume: a round that finds it changed ends quietly.
	#generation = 0;
	#abort: AbortController | null = null;
	#wake: (() => void) | null = null;
	#failures = 0;
	#lastFailure: SyncStatus & { kind: 'retrying' } = {
		kind: 'retrying',
		reason: '',
		at: 0,
		attempt: 0,
	};

	constructor(options: SyncLoopOptions) {
		this.#options = options;
	}

	/** The `since` token the next round will send. */
	get since(): string | null {
		return this.#since;
	}

	/** Starts from a first sync; does nothing while already running. */
	start(): void {
		if (this.#running) return;
		this.#running = true;
		this.#paused = false;
		void this.#loop(++this.#generation);
	}

	/** Stops for good: the in-flight request is cancelled and `since` forgotten. */
	stop(): void {
		this.#running = false;
		this.#paused = false;
		this.#since = null;
		this.#failures = 0;
		this.#cancel();
		this.#options.onStatus({ kind: 'stopped' });
	}

	/** Cancels the in-flight request and waits for `resume`. */
	pause(why: 'hidden' | 'left'): void {
		if (!this.#running || this.#paused) return;
		this.#paused = true;
		this.#cancel();
		this.#options.onStatus({ kind: 'paused', why });
	}

	/** Carries on from the last `since`, after a pause. */
	resume(): void {
		if (!this.#running || !this.#paused) return;
		this.#paused = false;
		void this.#loop(++this.#generation);
	}

	/** Ends a back-off wait early. */
	retryNow(): void {
		this.#wake?.();
	}

	#cancel(): void {
		this.#generation++;
		this.#abort?.abort();
		this.#abort = null;
		this.#wake?.();
	}

	async #loop(generation: number): Promise<void> {
		const current = () => generation === this.#generation && this.#running && !this.#paused;
		while (current()) {
			const initial = this.#since === null;
			// After a failure the status keeps saying so until a round succeeds.
			this.#options.onStatus(
				this.#failures === 0
					? { kind: initial ? 'catching-up' : 'live' }
					: { ...this.#lastFailure, at: Date.now() },
			);
			const abort = new AbortController();
			this.#abort = abort;
			const started = performance.now();
			// After a failure the retry must not wait out a long-poll to find the server is back.
			const outcome = await this.#options.sync(this.#since, abort.signal, this.#failures > 0);
			if (!current() || outcome.kind === 'aborted') return;

			if (outcome.kind === 'error') {
				if (outcome.fatal) {
					this.#running = false;
					this.#options.onStatus({ kind: 'ended', reason: outcome.reason });
					return;
				}
				this.#failures++;
				const wait = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(this.#failures));
				this.#lastFailure = {
					kind: 'retrying',
					reason: outcome.reason,
					at: Date.now() + wait,
					attempt: this.#failures,
				};
				this.#options.onStatus(this.#lastFailure);
				await this.#sleep(wait);
				continue;
			}

			this.#since = outcome.nextBatch;
			this.#options.onBatch(outcome.json, initial);
			if (this.#failures > 0) {
				this.#failures = 0;
				this.#options.onStatus({ kind: 'live' });
			}
			const spent = performance.now() - started;
			if (!initial && spent < shortestRoundMs) await this.#sleep(shortestRoundMs - spent);
		}
	}

	#sleep(ms: number): Promise<void> {
		return new Promise((done) => {
			const finish = () => {
				clearTimeout(timer);
				if (this.#wake === finish) this.#wake = null;
				done();
			};
			const timer = setTimeout(finish, ms);
			this.#wake = finish;
		});
	}
}

/**
 * Pauses the loop while the page is hidden (another tab, a minimised window)
 * and when it is left, and resumes it when the reader is back: a hidden page
 * has no one to show events to, and a held request would keep a connection
 * open. Returns the function that stops following the page.
 */
export function pauseWithPage(loop: SyncLoop): () => void {
	const onVisibility = () => {
		if (document.visibilityState === 'hidden') loop.pause('hidden');
		else loop.resume();
	};
	const onHide = () => loop.pause('left');
	// Back from the back/forward cache: the page is alive again, with its state.
	const onShow = (event: PageTransitionEvent) => {
		if (event.persisted && document.visibilityState !== 'hidden') loop.resume();
	};
	document.addEventListener('visibilitychange', onVisibility);
	window.addEventListener('pagehide', onHide);
	window.addEventListener('pageshow', onShow);
	return () => {
		document.removeEventListener('visibilitychange', onVisibility);
		window.removeEventListener('pagehide', onHide);
		window.removeEventListener('pageshow', onShow);
	};
}
