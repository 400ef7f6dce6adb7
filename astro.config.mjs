// @ts-check
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { remarkRequestPanels } from './src/integrations/remark-request-panels.ts';

// MATRIX_HOWTO_BASE serves the guide under a sub-path, e.g. /matrix-howto/.
export default defineConfig({
	output: 'static',
	base: process.env.MATRIX_HOWTO_BASE ?? '/',
	trailingSlash: 'always',
	devToolbar: { enabled: false },
	// unified() keeps the remark pipeline that turns ```http blocks into panels.
	markdown: { processor: unified({ remarkPlugins: [remarkRequestPanels] }) },
	integrations: [mdx()],
	// No script, style or asset inlined into the HTML: the CSP allows only the site's files.
	build: { inlineStylesheets: 'never' },
	vite: { build: { assetsInlineLimit: 0 } },
});
