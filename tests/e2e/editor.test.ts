import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { requestSchemas } from '../../src/matrix/request-schemas/index.ts';
import type { AttachOptions, EditorHandle } from '../../src/scripts/editor/attach-editor.ts';
import { monacoEditor } from '../../src/integrations/vite-plugin-monaco.ts';
import { pageUrl, servers } from './guide-helpers.ts';

// The adapter is tested on a real guide page before any panel uses it: a harness
// bundle, built here with Vite and the site's Monaco plugin, puts it on `window`,
// served on the guide's own origin (workers must be same-origin) by page.route.
const adapter = fileURLToPath(
	new URL('../../src/scripts/editor/attach-editor.ts', import.meta.url),
);
const harnessPath = '__editor-harness/';
const editorAsset = /monaco|editor\.worker|json\.worker|jsonMode|codicon/;
const monacoSheets = 'head style[data-editor="monaco"]';

interface Harness {
	attachEditor(textarea: HTMLTextAreaElement, options: AttachOptions): Promise<EditorHandle>;
	loadEditor(): Promise<{ monaco: typeof import('monaco-editor/editor/editor.api') }>;
	handles: Record<string, EditorHandle>;
	changes: string[];
	submits: number;
}

let folder = '';

test.beforeAll(async () => {
	test.setTimeout(120_000);
	folder = await mkdtemp(join(tmpdir(), 'matrix-howto-editor-'));
	const entry = join(folder, 'harness.ts');
	await writeFile(
		entry,
		[
			`import { attachEditor, loadEditor } from ${JSON.stringify(adapter)};`,
			'const harness = { attachEditor, loadEditor, handles: {}, changes: [], submits: 0 };',
			'Object.assign(window, { matrixHowtoEditor: harness });',
		].join('\n'),
	);
	await build({
		root: folder,
		configFile: false,
		logLevel: 'warn',
		base: './',
		plugins: [monacoEditor()],
		build: {
			outDir: join(folder, 'out'),
			assetsInlineLimit: 0,
			chunkSizeWarningLimit: 10_000,
			rollupOptions: { input: entry, output: { entryFileNames: 'harness.js' } },
		},
	});
});

test.afterAll(async () => {
	if (folder) await rm(folder, { recursive: true, force: true });
});

const contentTypes: Record<string, string> = {
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.ttf': 'font/ttf',
};

/** Opens a guide page with the harness loaded; returns the harness files the page fetched. */
async function openHarness(page: Page, slug = 'communicating'): Promise<string[]> {
	const fetched: string[] = [];
	await page.route(`${servers().guide}${harnessPath}**`, async (route) => {
		const file = new URL(route.request().url()).pathname.split(harnessPath)[1] ?? '';
		fetched.push(file);
		const body = await readFile(join(folder, 'out', file));
		await route.fulfill({ body, contentType: contentTypes[extname(file)] ?? 'text/plain' });
	});
	await page.goto(pageUrl(slug));
	await page.addScriptTag({ type: 'module', url: `${servers().guide}${harnessPath}harness.js` });
	await page.waitForFunction(() => 'matrixHowtoEditor' in window);
	return fetched;
}

/** Attaches an editor to a panel's body, kept in the harness under the panel's id. */
async function attach(page: Page, id: string, schemaId: string, dark = false): Promise<void> {
	const schema = requestSchemas[schemaId] ?? null;
	await page.evaluate(
		async ({ id, schema, schemaId, dark }) => {
			const harness = (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor;
			const textarea = document.getElementById(`${id}-body`) as HTMLTextAreaElement;
			harness.handles[id] = await harness.attachEditor(textarea, {
				schema,
				schemaId,
				dark,
				label: 'Request body',
				onChange: (text) => harness.changes.push(text),
				onSubmit: () => (harness.submits += 1),
			});
		},
		{ id, schema, schemaId, dark },
	);
}

/** Calls one method of an attached editor's handle in the page. */
async function call(page: Page, id: string, method: 'focus' | 'dispose'): Promise<void>;
async function call(page: Page, id: string, method: 'setValue', text: string): Promise<void>;
async function call(page: Page, id: string, method: 'setTheme', dark: boolean): Promise<void>;
async function call(page: Page, id: string, method: string, argument?: unknown): Promise<void> {
	await page.evaluate(
		({ id, method, argument }) => {
			const harness = (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor;
			const handle = harness.handles[id] as unknown as Record<string, (value: unknown) => void>;
			handle[method]?.(argument);
		},
		{ id, method, argument },
	);
}

/** The problems Monaco has found in the editor's text, by severity and message. */
async function markers(page: Page): Promise<Array<{ severity: number; message: string }>> {
	return page.evaluate(async () => {
		const harness = (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor;
		const { monaco } = await harness.loadEditor();
		return monaco.editor
			.getModelMarkers({})
			.map(({ severity, message }) => ({ severity, message }));
	});
}

const textareaValue = (page: Page, id: string) =>
	page.locator(`#${id}-body`).evaluate((field) => (field as HTMLTextAreaElement).value);

test('a guide page loads none of the editor before it is used', async ({ page }) => {
	const requested: string[] = [];
	page.on('request', (request) => requested.push(request.url()));

	await page.goto(pageUrl('communicating'));
	await page.waitForLoadState('networkidle');

	expect(requested.filter((url) => editorAsset.test(url))).toEqual([]);
	const styles = await page
		.locator('head link[rel="stylesheet"]')
		.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
	expect(styles.filter((href) => editorAsset.test(href))).toEqual([]);
	const inline = await page.locator('style').allTextContents();
	expect(
		inline.some((css) => css.includes('.monaco-editor')),
		'Monaco CSS inline',
	).toBe(false);
});

test('Monaco, its CSS and the JSON worker load on the first attach, once', async ({ page }) => {
	const fetched = await openHarness(page, 'accounts');
	await page.waitForLoadState('networkidle');
	expect(fetched).toEqual(['harness.js']);
	await expect(page.locator(monacoSheets)).toHaveCount(0);

	// Two bodies of one kind: the second editor reuses everything, worker included.
	await attach(page, 'register-start', 'register');
	await expect.poll(() => fetched.some((file) => /json\.worker/.test(file))).toBe(true);
	await attach(page, 'register-finish', 'register');
	await page.waitForLoadState('networkidle');

	// Monaco's sheets arrive inside its chunk and go into one style element.
	await expect(page.locator(monacoSheets)).toHaveCount(1);
	expect(await page.locator(monacoSheets).textContent()).toContain('.monaco-editor');
	const same = await page.evaluate(() => {
		const harness = (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor;
		return harness.loadEditor() === harness.loadEditor();
	});
	expect(same, 'one load promise').toBe(true);
	const loaded = fetched.slice(1);
	expect(new Set(loaded).size, `each file once: ${loaded.join(', ')}`).toBe(loaded.length);

	// The figures for the report: what a reader downloads on first edit, gzip.
	const sizes = await Promise.all(
		loaded.map(async (file) => {
			const bytes = await readFile(join(folder, 'out', file));
			return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
		}),
	);
	const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
	const lines = sizes.map(({ file, raw, gzip }) => `${file}: ${raw} B, ${gzip} B gzip`);
	// Kept in the report's annotations, not printed: the suite stays quiet.
	test.info().annotations.push({
		type: 'first-use gzip bytes',
		description: `${total} in all; ${lines.join('; ')}`,
	});
});

test('the editor shows the body, and the hidden textarea keeps the edited text', async ({
	page,
}) => {
	await openHarness(page);
	const original = await textareaValue(page, 'create-room');

	await attach(page, 'create-room', 'create-room');
	const editor = page.locator('#create-room .panel-editor .monaco-editor');
	await expect(editor).toBeVisible();
	await expect(page.locator('#create-room-body')).toBeHidden();
	await expect(editor.locator('.view-lines')).toContainText('"preset": "private_chat"');
	expect(await textareaValue(page, 'create-room')).toBe(original);

	await call(page, 'create-room', 'focus');
	await page.keyboard.press('ControlOrMeta+A');
	// No brackets or quotes: Monaco would close them, once the JSON mode has loaded.
	await page.keyboard.type('42');

	expect(await textareaValue(page, 'create-room')).toBe('42');
	const changes = await page.evaluate(
		() => (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor.changes,
	);
	expect(changes.at(-1)).toBe('42');
});

test('it marks text that is not JSON, and values the schema does not allow', async ({ page }) => {
	await openHarness(page);
	await attach(page, 'create-room', 'create-room');

	await call(page, 'create-room', 'setValue', '{"name": "x",');
	await expect.poll(async () => (await markers(page)).length).toBeGreaterThan(0);
	expect(
		(await markers(page)).some(({ severity }) => severity === 8),
		'an error',
	).toBe(true);

	await call(page, 'create-room', 'setValue', '{"preset": "secret_chat", "is_direct": "yes"}');
	await expect
		.poll(async () => (await markers(page)).map(({ message }) => message).join('\n'))
		.toMatch(/private_chat/);
	const messages = (await markers(page)).map(({ message }) => message).join('\n');
	expect(messages).toMatch(/boolean/i);
	await expect(page.locator('#create-room .squiggly-warning').first()).toBeAttached();
});

test('it completes property names and enum values from the schema', async ({ page }) => {
	await openHarness(page);
	await attach(page, 'create-room', 'create-room');
	await call(page, 'create-room', 'setValue', '{\n  \n}');
	await call(page, 'create-room', 'focus');
	await page.keyboard.press('ControlOrMeta+Home');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('End');

	const suggestions = page.locator('.suggest-widget');
	// The JSON mode registers its completion a moment after the editor appears.
	await expect(async () => {
		await page.keyboard.press('Control+Space');
		await expect(suggestions).toContainText('room_alias_name', { timeout: 1000 });
	}).toPass();
	await expect(suggestions).toContainText('power_level_content_override');

	await page.keyboard.type('preset');
	await page.keyboard.press('Enter');
	await expect.poll(() => textareaValue(page, 'create-room')).toContain('"preset"');
	await page.keyboard.press('Control+Space');
	await expect(suggestions).toContainText('public_chat');
	await expect(suggestions).toContainText('trusted_private_chat');
});

test('Tab and Escape leave the editor; the label names it and leads to it', async ({ page }) => {
	await openHarness(page);
	await attach(page, 'create-room', 'create-room');
	const inEditor = () =>
		page.evaluate(() => document.activeElement?.closest('.panel-editor') !== null);

	await page.locator('label[for="create-room-body"]').click();
	expect(await inEditor()).toBe(true);
	const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
	expect(name).toBe('Request body');

	await page.keyboard.press('Tab');
	expect(await inEditor(), 'Tab moves on').toBe(false);

	await call(page, 'create-room', 'focus');
	await page.keyboard.press('Escape');
	const parked = await page.evaluate(() => document.activeElement?.className ?? '');
	expect(parked, 'Escape parks focus on the editor frame').toBe('panel-editor');
	await page.keyboard.press('Tab');
	expect(await inEditor()).toBe(false);
});

test('Ctrl+Enter in the editor calls onSubmit, as it runs a panel', async ({ page }) => {
	await openHarness(page);
	await attach(page, 'send-message', 'room-message');
	const before = await textareaValue(page, 'send-message');

	await call(page, 'send-message', 'focus');
	await page.keyboard.press('Control+Enter');

	const harness = await page.evaluate(
		() => (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor,
	);
	expect(harness.submits).toBe(1);
	expect(await textareaValue(page, 'send-message'), 'no line inserted').toBe(before);
});

test('it follows dark and light with vs-dark and vs', async ({ page }) => {
	await openHarness(page);
	await attach(page, 'create-room', 'create-room', true);
	const editor = page.locator('#create-room .monaco-editor');
	await expect(editor).toHaveClass(/\bvs-dark\b/);

	await call(page, 'create-room', 'setTheme', false);
	await expect(editor).toHaveClass(/\bvs\b/);
	await expect(editor).not.toHaveClass(/\bvs-dark\b/);
});

test('setValue is one undoable edit and does not call onChange', async ({ page }) => {
	await openHarness(page);
	const original = await textareaValue(page, 'send-message');
	await attach(page, 'send-message', 'room-message');

	await call(page, 'send-message', 'setValue', '{"msgtype": "m.emote", "body": "waves"}');

	expect(await textareaValue(page, 'send-message')).toBe('{"msgtype": "m.emote", "body": "waves"}');
	const harness = () =>
		page.evaluate(() => (window as unknown as { matrixHowtoEditor: Harness }).matrixHowtoEditor);
	expect((await harness()).changes).toEqual([]);
	await call(page, 'send-message', 'focus');
	await page.keyboard.press('ControlOrMeta+Z');
	await expect.poll(() => textareaValue(page, 'send-message')).toBe(original);
});

test('dispose brings the textarea back, holding the edited text', async ({ page }) => {
	await openHarness(page);
	await attach(page, 'send-message', 'room-message');
	await call(page, 'send-message', 'setValue', '{"msgtype": "m.notice", "body": "bye"}');

	await call(page, 'send-message', 'dispose');

	await expect(page.locator('#send-message .panel-editor')).toHaveCount(0);
	await expect(page.locator('#send-message-body')).toBeVisible();
	expect(await textareaValue(page, 'send-message')).toBe('{"msgtype": "m.notice", "body": "bye"}');
});
