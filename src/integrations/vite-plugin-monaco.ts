// Build configuration for the editor, not browser code: astro.config.mjs and the
// editor's browser test add this plugin to Vite.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const stylesModule = fileURLToPath(new URL('../scripts/editor/monaco-styles.ts', import.meta.url));
const slimWorkers = fileURLToPath(new URL('../scripts/editor/monaco-workers.ts', import.meta.url));
const styleId = '\0matrix-howto-monaco-style:';
const inMonaco = (importer: string | undefined) =>
	importer !== undefined && /[\\/]node_modules[\\/]monaco-editor[\\/]/.test(importer);

/**
 * Keeps Monaco out of the pages until it is used: its stylesheets become text in its
 * own lazily loaded chunk, and its JSON mode starts workers without importing every
 * editor contribution (see monaco-workers.ts).
 */
export function monacoEditor(): Plugin {
	return {
		name: 'matrix-howto:monaco-editor',
		enforce: 'pre',
		async resolveId(source, importer) {
			if (!inMonaco(importer)) return null;
			if (
				source.endsWith('/internal/common/workers.js') &&
				importer?.endsWith('workerManager.js')
			) {
				return slimWorkers;
			}
			if (!source.endsWith('.css')) return null;
			const resolved = await this.resolve(source, importer, { skipSelf: true });
			// Ending in .js, not .css: Vite's CSS plugin must not take the module for a sheet.
			return resolved ? `${styleId}${resolved.id}.js` : null;
		},
		load(id) {
			if (!id.startsWith(styleId)) return null;
			const file = id.slice(styleId.length, -'.js'.length);
			// `?inline`: Vite still processes the CSS (the icon font's url() becomes an asset).
			return [
				`import css from ${JSON.stringify(`${file}?inline`)};`,
				`import { addMonacoStyle } from ${JSON.stringify(stylesModule)};`,
				'addMonacoStyle(css);',
			].join('\n');
		},
	};
}
