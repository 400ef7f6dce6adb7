import type { HighlighterCore } from 'shiki/core';

// Past this size highlighting costs more than it gives; the text stays plain.
const highlightLimit = 100_000;

let highlighter: Promise<HighlighterCore> | undefined;

// Loaded on the first response, not with the page: most readers scroll first.
function loadHighlighter(): Promise<HighlighterCore> {
	highlighter ??= (async () => {
		const [core, engine, json, light, dark] = await Promise.all([
			import('shiki/core'),
			import('shiki/engine/javascript'),
			import('shiki/langs/json.mjs'),
			import('shiki/themes/github-light.mjs'),
			import('shiki/themes/github-dark.mjs'),
		]);
		return core.createHighlighterCore({
			themes: [light.default, dark.default],
			langs: [json.default],
			engine: engine.createJavaScriptRegexEngine(),
		});
	})();
	return highlighter;
}

/**
 * Shows JSON text in `target`, plain at once and highlighted when shiki has
 * loaded. Tokens become text nodes: nothing from the server is parsed as HTML.
 */
export async function showJson(target: HTMLElement, text: string): Promise<void> {
	target.textContent = text;
	if (text.length > highlightLimit) return;
	let tokens;
	try {
		const loaded = await loadHighlighter();
		tokens = loaded.codeToTokens(text, {
			lang: 'json',
			themes: { light: 'github-light', dark: 'github-dark' },
		}).tokens;
	} catch {
		return; // Highlighting is a nicety; the plain text is already there.
	}
	const fragment = document.createDocumentFragment();
	for (const line of tokens) {
		// One block per line, told its own indent, so that a long line wrapped on
		// a narrow screen carries on under its own start instead of at column 0.
		const block = document.createElement('span');
		block.className = 'json-line';
		const indent = /^ */.exec(line.map((token) => token.content).join(''))?.[0].length ?? 0;
		block.style.setProperty('--indent', String(indent));
		if (indent > 0) {
			// Its own span that never wraps, or a long key drops below its own indent.
			const lead = document.createElement('span');
			lead.className = 'json-indent';
			lead.textContent = ' '.repeat(indent);
			block.append(lead);
		}
		let skip = indent;
		for (const token of line) {
			const content = token.content.slice(Math.min(skip, token.content.length));
			skip -= token.content.length - content.length;
			if (content === '') continue;
			const span = document.createElement('span');
			span.textContent = content;
			// Shiki names the light colour `color`; the stylesheet picks light or dark.
			for (const [property, value] of Object.entries(token.htmlStyle ?? {})) {
				span.style.setProperty(property === 'color' ? '--shiki-light' : property, value);
			}
			block.append(span);
		}
		fragment.append(block);
	}
	// A newer response may have replaced this one while shiki loaded.
	if (target.textContent === text) target.replaceChildren(fragment);
}
