// Stands in for monaco-editor's `internal/common/workers.js` (0.57), which starts
// JSON's worker but also imports every editor contribution as a side effect, adding
// about 600 kB to the editor. Vite swaps this file in (see the plugin in
// astro.config.mjs); it starts the worker the same way and imports nothing else.
import { editor } from 'monaco-editor/editor/editor.api';

/** What Monaco's language modes pass when they start their worker. */
interface WorkerOptions {
	readonly label?: string;
	readonly moduleId?: string;
	readonly createData?: unknown;
	readonly host?: Record<string, () => unknown>;
	readonly keepIdleModels?: boolean;
	readonly createWorker?: () => Worker;
}

/** Starts a language worker through `MonacoEnvironment.getWorker`, as Monaco does. */
export function createWebWorker<T extends object>(
	options: WorkerOptions,
): editor.MonacoWebWorker<T> {
	const label = options.label ?? 'monaco-editor-worker';
	const environment = globalThis.MonacoEnvironment;
	const made = environment?.getWorker?.('workerMain.js', label) ?? options.createWorker?.();
	if (!made) throw new Error(`No worker for "${label}": MonacoEnvironment.getWorker is not set.`);
	const worker = Promise.resolve(made).then((started) => {
		// The worker's first message starts it; the second carries the language's settings.
		started.postMessage('ignore');
		started.postMessage(options.createData);
		return started;
	});
	return editor.createWebWorker<T>({
		worker,
		...(options.host ? { host: options.host } : {}),
		...(options.keepIdleModels === undefined ? {} : { keepIdleModels: options.keepIdleModels }),
	});
}
