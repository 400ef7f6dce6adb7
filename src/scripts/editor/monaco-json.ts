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
import editorCss from './editor.css?inline';
import { bodyUri } from './body-uri.ts';
import { addMonacoStyle } from './monaco-styles.ts';

// As text, like Monaco's own sheets: a CSS import here would land in every page.
addMonacoStyle(editorCss);

// Vite bundles each worker as its own file; Monaco asks for them by label.
globalThis.MonacoEnvironment = {
	getWorker: (_workerId: string, label: string) =>
		label === 'json' ? new JsonWorker() : new EditorWorker(),
};

/** The Monaco API, for the adapter: one namespace, loaded once. */
export { monaco };

const schemas = new Map<string, object>();

/**
 * Validates and completes every body of the kind `schemaId` from `schema`. Each
 * change restarts the JSON worker, so a kind is added once, with the first schema
 * given for it, and never removed.
 */
export function useSchema(schemaId: string, schema: object): void {
	if (schemas.has(schemaId)) return;
	schemas.set(schemaId, schema);
	applySchemas();
}

function applySchemas(): void {
	jsonDefaults.setDiagnosticsOptions({
		validate: true,
		allowComments: false,
		trailingCommas: 'error',
		enableSchemaRequest: false,
		schemaValidation: 'warning',
		schemas: [...schemas].map(([schemaId, schema]) => ({
			uri: `inmemory://matrix-howto/schemas/${encodeURIComponent(schemaId)}.json`,
			fileMatch: [bodyUri(schemaId, '*')],
			schema,
		})),
	});
}

// Without a schema the body is still checked as strict JSON.
applySchemas();
