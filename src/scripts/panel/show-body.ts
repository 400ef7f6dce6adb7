import { el } from '../dom.ts';
import { showJson } from '../highlight-json.ts';
import { renderJsonTree } from '../json-view/json-tree.ts';

// Up to this size a body is pretty-printed and highlighted; past it, a tree
// that builds only what the reader opens keeps the page responsive.
export const treeThreshold = 100_000;

function sizeText(characters: number): string {
	if (characters < 1024) return `${characters} bytes`;
	if (characters < 1024 * 1024) return `${(characters / 1024).toFixed(1)} KB`;
	return `${(characters / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The response body: highlighted JSON, a lazy tree for large JSON, or plain
 * text with its content type. Never parsed as HTML.
 */
export function showBody(text: string, json: unknown, contentType: string, size: number): Node[] {
	if (text === '' && size > 0) {
		return [
			el(
				'p',
				{ class: 'run-body-label' },
				`Response body: ${sizeText(size)}, too large to keep after a reload. Run the step again to see it.`,
			),
		];
	}
	if (text === '') return [el('p', { class: 'run-body-label' }, 'Empty response body.')];
	if (json === undefined) {
		const label = `Response body, not JSON (${contentType || 'no content type'}), shown as text:`;
		return [
			el('p', { class: 'run-body-label' }, label),
			el('pre', { class: 'run-body', tabindex: '0' }, el('code', {}, text)),
		];
	}
	if (text.length > treeThreshold) {
		const tree = el('div', { class: 'run-body run-tree', tabindex: '0' });
		renderJsonTree(tree, json);
		const download = el(
			'a',
			{ download: 'response.json', class: 'run-download' },
			'download the raw JSON',
		);
		download.addEventListener('click', () => {
			download.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
		});
		return [
			el(
				'p',
				{ class: 'run-body-label' },
				`Response body: JSON, ${sizeText(text.length)}, shown as a tree (open what you need) · `,
				download,
			),
			tree,
		];
	}
	const code = el('code', {});
	void showJson(code, text);
	return [
		el('p', { class: 'run-body-label' }, 'Response body (JSON, pretty-printed)'),
		el('pre', { class: 'run-body', tabindex: '0' }, code),
	];
}
