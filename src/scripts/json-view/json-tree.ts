import { el } from '../dom.ts';

// How many children a node shows at first, and per "show more" click.
const chunk = 100;
// Strings longer than this are cut, with a button for the rest.
const longString = 400;

function describe(value: unknown): string {
	if (Array.isArray(value)) return `[…] ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
	const keys = Object.keys(value as object).length;
	return `{…} ${keys} ${keys === 1 ? 'key' : 'keys'}`;
}

function primitive(value: unknown): HTMLElement {
	if (typeof value === 'string') {
		const quoted = JSON.stringify(value);
		if (quoted.length <= longString) return el('span', { class: 'jt-string' }, quoted);
		const span = el('span', { class: 'jt-string' }, `${quoted.slice(0, longString)}…`);
		const more = el(
			'button',
			{ type: 'button', class: 'jt-more' },
			`show ${quoted.length - longString} more characters`,
		);
		more.addEventListener('click', () => span.replaceChildren(quoted), { once: true });
		return el('span', {}, span, ' ', more);
	}
	const kind = value === null ? 'null' : typeof value;
	return el('span', { class: `jt-${kind}` }, JSON.stringify(value));
}

function entries(value: object): Array<[string, unknown]> {
	return Array.isArray(value)
		? value.map((item, index) => [String(index), item])
		: Object.entries(value);
}

function node(key: string | null, value: unknown, open: boolean): HTMLElement {
	const label = key === null ? null : el('span', { class: 'jt-key' }, `${JSON.stringify(key)}: `);
	if (value === null || typeof value !== 'object') {
		return el('div', { class: 'jt-leaf' }, label, primitive(value));
	}
	const details = el('details', { class: 'jt-node' }, el('summary', {}, label, describe(value)));
	const list = el('div', { class: 'jt-children' });
	details.append(list);
	let shown = 0;
	const all = entries(value);
	const showMore = () => {
		const next = all.slice(shown, shown + chunk);
		list.querySelector(':scope > .jt-more-row')?.remove();
		list.append(...next.map(([childKey, child]) => node(childKey, child, false)));
		shown += next.length;
		if (shown < all.length) {
			const button = el(
				'button',
				{ type: 'button', class: 'jt-more' },
				`show ${Math.min(chunk, all.length - shown)} more of ${all.length - shown}`,
			);
			button.addEventListener('click', showMore);
			list.append(el('div', { class: 'jt-more-row' }, button));
		}
	};
	// Children are built when a node is first opened, so a huge answer costs
	// only what the reader looks at.
	details.addEventListener('toggle', () => {
		if (details.open && shown === 0) showMore();
	});
	if (open) {
		details.open = true;
		showMore();
	}
	return details;
}

/** Shows a parsed JSON value as a collapsible tree; all text goes in as text. */
export function renderJsonTree(container: HTMLElement, value: unknown): void {
	container.replaceChildren(node(null, value, true));
}
