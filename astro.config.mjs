// @ts-check
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { remarkRequestPanels } from './src/integrations/remark-request-panels.ts';
import { monacoEditor } from './src/integrations/vite-plugin-monaco.ts';

// MATRIX_HOWTO_BASE serves the guide under a sub-path, e.g. /matrix-howto/.
export default defineConfig({
	output: 'static',
	base: process.env.MATRIX_HOWTO_BASE ?? '/',
	trailingSlash: 'always',
	devToolbar: { enabled: false },
	// unified() keeps the remark pipeline that turns ```http blocks into panels.
	markdown: { processor: unified({ remarkPlugins: [remarkRequestPanels] }) },
	integrations: [mdx()],
	// The stylesheet goes inline (the CSP allows inline styles) so it costs no
	// render-blocking request; no script or other asset is ever inlined.
	build: { inlineStylesheets: 'always' },
	// The code editor's stylesheets load with it, not with every page (see the plugin).
	// Its ~3.4 MB chunk loads only when a reader first edits a request, so Vite's
	// 500 kB warning says nothing useful; the page-weight test guards the initial load.
	vite: {
		plugins: [monacoEditor()],
		build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 4096 },
	},
});
