/** Wakes waiting `/sync` long-polls from the write path, with no polling loop. */
export interface Notifier {
	/**
	 * Resolves when something relevant to `userId` happens, after `timeoutMs`, when
	 * `signal` aborts (the client went away) or at shutdown, whichever comes first.
	 */
	wait(userId: string, timeoutMs: number, signal: AbortSignal): Promise<void>;
	/** Wakes every waiter of these users. */
	notify(userIds: Iterable<string>): void;
	/** Wakes all waiters for good; later waits resolve at once. */
	shutdown(): void;
	readonly closed: boolean;
}

/** Builds a notifier that keeps one set of wake-up callbacks per user. */
export function createNotifier(): Notifier {
	const waiters = new Map<string, Set<() => void>>();
	let closed = false;

	const wakeAll = (set: Set<() => void> | undefined) => {
		if (!set) return;
		for (const wake of [...set]) wake();
	};

	return {
		get closed() {
			return closed;
		},
		wait(userId, timeoutMs, signal) {
			if (closed || signal.aborted || timeoutMs <= 0) return Promise.resolve();
			return new Promise((resolve) => {
				const set = waiters.get(userId) ?? new Set();
				waiters.set(userId, set);
				const wake = () => {
					clearTimeout(timer);
					signal.removeEventListener('abort', wake);
					set.delete(wake);
					if (set.size === 0 && waiters.get(userId) === set) waiters.delete(userId);
					resolve();
				};
				const timer = setTimeout(wake, timeoutMs);
				signal.addEventListener('abort', wake, { once: true });
				set.add(wake);
			});
		},
		notify(userIds) {
			for (const userId of new Set(userIds)) wakeAll(waiters.get(userId));
		},
		shutdown() {
			closed = true;
			for (const set of [...waiters.values()]) wakeAll(set);
		},
	};
}
