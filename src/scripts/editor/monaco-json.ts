// The heavy half of the body editor: Monaco's core, the few editor features a JSON
// body needs, the JSON language and the two workers. Only attach-editor.ts imports
// this file, through import(), so a reader who never edits never downloads any of it.
import * as monaco from 'monaco-editor/editor/editor.api';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
// `editor.api` is the bare editor; each feature registers its commands and widgets.
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/suggest/register';
// NOTE: features/suggest/register (0.57) brings only inline suggestions; the
// completion list itself lives in the suggest controller.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordOperations/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import './editor.css';

// Vite bundles each worker as its own file; Monaco asks for them by label.
globalThis.MonacoEnvironment = {
	getWorker: (_workerId: string, label: string) =>
		label === 'json' ? new JsonWorker() : new EditorWorker(),
};

/** The Monaco API, for the adapter: one namespace, loaded once. */
export { monaco };

/** A JSON Schema and the models (by URI) it applies to. */
interface SchemaUse {
	readonly uri: string;
	readonly schema: object;
	readonly models: Set<string>;
}

const schemas = new Map<string, SchemaUse>();

// The JSON worker takes one global list of schemas; rebuild it on every change.
function applySchemas(): void {
	jsonDefaults.setDiagnosticsOptions({
		validate: true,
		allowComments: false,
		trailingCommas: 'error',
		enableSchemaRequest: false,
		schemaValidation: 'warning',
		schemas: [...schemas.values()]
			.filter((use) => use.models.size > 0)
			.map((use) => ({ uri: use.uri, fileMatch: [...use.models], schema: use.schema })),
	});
}

/** Validates and completes the model at `modelUri` from `schema`; returns the undo. */
export function useSchema(schemaId: string, schema: object, modelUri: string): () => void {
	let use = schemas.get(schemaId);
	if (!use || use.schema !== schema) {
		use = {
			uri: `inmemory://matrix-howto/schemas/${encodeURIComponent(schemaId)}.json`,
			schema,
			models: use?.models ?? new Set(),
		};
		schemas.set(schemaId, use);
	}
	use.models.add(modelUri);
	applySchemas();
	const current = use;
	return () => {
		current.models.delete(modelUri);
		applySchemas();
	};
}

// Without a schema the body is still checked as strict JSON.
applySchemas();
