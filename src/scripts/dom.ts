type Child = Node | string | null | undefined | false;

/**
 * Builds an element with attributes and children. Strings become text nodes,
 * never markup: this is how server data reaches the page safely.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	attributes: Readonly<Record<string, string>> = {},
	...children: Child[]
): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
	for (const child of children) {
		if (child !== null && child !== undefined && child !== false) element.append(child);
	}
	return element;
}
