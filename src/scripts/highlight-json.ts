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
	tokens.forEach((line, index) => {
		if (index > 0) fragment.append('\n');
		for (const token of line) {
			const span = document.createElement('span');
			span.textContent = token.content;
			// Shiki names the light colour `color`; the stylesheet picks light or dark.
			for (const [property, value] of Object.entries(token.htmlStyle ?? {})) {
				span.style.setProperty(property === 'color' ? '--shiki-light' : property, value);
			}
			fragment.append(span);
		}
	});
	// A newer response may have replaced this one while shiki loaded.
	if (target.textContent === text) target.replaceChildren(fragment);
}
