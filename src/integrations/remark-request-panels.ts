import type { RemarkPlugin } from '@astrojs/markdown-remark';

/**
 * Turns each ```http block of a guide page into a `<RequestPanel source="…">`
 * element, so the block's text stays the one definition the panel, the smoke
 * CLI and the tests all read.
 */

interface Node {
	type: string;
	lang?: string | null;
	value?: string;
	children?: Node[];
	[key: string]: unknown;
}

function panelFor(source: string): Node {
	return {
		type: 'mdxJsxFlowElement',
		name: 'RequestPanel',
		attributes: [{ type: 'mdxJsxAttribute', name: 'source', value: source }],
		children: [],
	};
}

function replaceBlocks(node: Node): void {
	if (!node.children) return;
	node.children = node.children.map((child) => {
		if (child.type === 'code' && child.lang === 'http') return panelFor(child.value ?? '');
		replaceBlocks(child);
		return child;
	});
}

/** The remark plugin; registered for MDX in `astro.config.mjs`. */
export const remarkRequestPanels: RemarkPlugin = () => (tree) => {
	// Only the fields read above matter; mdast's own types would not add safety here.
	replaceBlocks(tree as unknown as Node);
};
