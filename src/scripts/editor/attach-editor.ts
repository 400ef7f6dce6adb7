// The one door to the code editor. Panels import only this file; Monaco itself
// arrives through import() on the first call, so pages stay small for readers who
// only read and run.
import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { bodyUri } from './body-uri.ts';

/** A Monaco editor standing in for a body textarea. */
export interface EditorHandle {
	/** The text as edited; always equal to the hidden textarea's value. */
	getValue(): string;
	/** Replaces the whole text as one undoable edit, without calling `onChange`. */
	setValue(text: string): void;
	/** Switches between Monaco's light (`vs`) and dark (`vs-dark`) themes. */
	setTheme(dark: boolean): void;
	/** Removes the editor and shows the textarea again, holding the edited text. */
	dispose(): void;
	/** Puts the keyboard focus in the editor. */
	focus(): void;
}

/** How to set up the editor for one request body. */
export interface AttachOptions {
	/** The body's JSON Schema, or null to check only that the text is JSON. */
	readonly schema: object | null;
	/** Names the schema; editors of the same kind of body share it. */
	readonly schemaId: string;
	readonly dark: boolean;
	/** The editor's accessible name, e.g. "Request body". */
	readonly label: string;
	/** Called after each edit by the reader, once the textarea holds the new text. */
	onChange(text: string): void;
	/** Called on Ctrl+Enter (⌘+Enter), which Monaco would otherwise keep for itself. */
	onSubmit?(): void;
}

type MonacoJson = typeof import('./monaco-json.ts');

let loading: Promise<MonacoJson> | undefined;
let editors = 0;

// The editor grows with its text between these heights, in pixels.
const minHeight = 60;
const maxHeight = 420;

// Widgets that Escape should close first; only with none open does Escape leave.
const escapeLeaves = [
	'!suggestWidgetVisible',
	'!editorHoverVisible',
	'!markersNavigationVisible',
	'!parameterHintsVisible',
	'!editorHasMultipleSelections',
].join(' && ');

/** Loads Monaco and the JSON language once; every caller shares the one promise. */
export function loadEditor(): Promise<MonacoJson> {
	loading ??= import('./monaco-json.ts').catch((error: unknown) => {
		loading = undefined; // A failed download (offline, a new deploy) may be retried.
		throw error;
	});
	return loading;
}

/**
 * Shows a Monaco editor in place of `textarea`, with its text. The textarea stays
 * in the form, hidden, and keeps the edited text, so everything that reads it works.
 */
export async function attachEditor(
	textarea: HTMLTextAreaElement,
	options: AttachOptions,
): Promise<EditorHandle> {
	const { monaco, useSchema } = await loadEditor();

	// Read only now: the reader may have typed in the textarea while Monaco loaded.
	const focused = document.activeElement === textarea;
	const caret = textarea.selectionStart;
	const host = document.createElement('div');
	host.className = 'panel-editor';
	// Escape parks the focus here, so the next Tab goes on from the editor's place.
	host.tabIndex = -1;
	textarea.after(host);
	textarea.hidden = true;

	editors += 1;
	const uri = monaco.Uri.parse(bodyUri(options.schemaId, editors));
	const model = monaco.editor.createModel(textarea.value, 'json', uri);
	model.updateOptions({ tabSize: 2, insertSpaces: true });
	if (options.schema) useSchema(options.schemaId, options.schema);
	const editor = monaco.editor.create(host, { ...editorOptions, model, ariaLabel: options.label });
	monaco.editor.setTheme(options.dark ? 'vs-dark' : 'vs');

	const fit = () => {
		const height = Math.min(maxHeight, Math.max(minHeight, editor.getContentHeight()));
		host.style.height = `${height}px`;
		editor.layout();
	};
	fit();
	let quiet = false;
	const subscriptions = [
		editor.onDidContentSizeChange(fit),
		model.onDidChangeContent(() => {
			textarea.value = model.getValue();
			if (!quiet) options.onChange(textarea.value);
		}),
	];
	editor.addAction({
		id: 'matrix-howto.leave-editor',
		label: 'Leave the editor',
		keybindings: [monaco.KeyCode.Escape],
		keybindingContext: escapeLeaves,
		// The frame holds the editor, so Tab from the frame would go back in: keep the
		// editor out of the tab order until the focus has moved on.
		run: () => {
			editor.updateOptions({ tabIndex: -1 });
			host.focus();
		},
	});
	const { onSubmit } = options;
	if (onSubmit) {
		editor.addAction({
			id: 'matrix-howto.submit',
			label: 'Run the request',
			keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
			run: () => onSubmit(),
		});
	}
	const rejoin = () => editor.updateOptions({ tabIndex: 0 });
	host.addEventListener('blur', rejoin);

	// The label names a textarea that is now hidden; clicking it should still land here.
	const labels = [...(textarea.labels ?? [])];
	const focusEditor = () => editor.focus();
	for (const label of labels) label.addEventListener('click', focusEditor);
	if (focused) {
		editor.setPosition(model.getPositionAt(caret));
		editor.focus();
	}

	return {
		getValue: () => model.getValue(),
		setValue(text) {
			if (text === model.getValue()) return;
			quiet = true;
			try {
				editor.pushUndoStop();
				editor.executeEdits('matrix-howto', [{ range: model.getFullModelRange(), text }]);
				editor.pushUndoStop();
			} finally {
				quiet = false;
			}
		},
		setTheme: (dark) => monaco.editor.setTheme(dark ? 'vs-dark' : 'vs'),
		dispose() {
			textarea.value = model.getValue();
			for (const label of labels) label.removeEventListener('click', focusEditor);
			host.removeEventListener('blur', rejoin);
			for (const subscription of subscriptions) subscription.dispose();
			editor.dispose();
			model.dispose();
			host.remove();
			textarea.hidden = false;
		},
		focus: focusEditor,
	};
}

// A small body editor inside a guide's column: no minimap, no gutter, wrapped lines.
const editorOptions: MonacoEditor.IStandaloneEditorConstructionOptions = {
	// Tab and Shift+Tab move between the page's controls instead of indenting.
	tabFocusMode: true,
	automaticLayout: true,
	fixedOverflowWidgets: true,
	// Section headers are computed in Monaco's second worker even with no minimap.
	minimap: { enabled: false, showRegionSectionHeaders: false, showMarkSectionHeaders: false },
	lineNumbers: 'off',
	glyphMargin: false,
	folding: false,
	lineDecorationsWidth: 8,
	overviewRulerLanes: 0,
	hideCursorInOverviewRuler: true,
	scrollBeyondLastLine: false,
	wordWrap: 'on',
	renderLineHighlight: 'none',
	// The page should scroll past an editor that has nothing more to scroll.
	scrollbar: { alwaysConsumeMouseWheel: false },
	// Property values are strings too; offer their enums while typing inside quotes.
	quickSuggestions: { other: true, strings: true, comments: false },
	fontSize: 14,
	// Completion comes from the schema; words from the text would only add noise,
	// and would start Monaco's second worker for nothing.
	wordBasedSuggestions: 'off',
	links: false,
};
