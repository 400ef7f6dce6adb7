/** An XML element: name, attributes (entities decoded), children and text. */
export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
	return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);|&/g, (whole, name?: string) => {
		if (name === undefined) throw new Error(`bare "&" in ${JSON.stringify(text)}`);
		if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
		if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
		const value = entities[name];
		if (value === undefined) throw new Error(`unknown entity ${whole}`);
		return value;
	});
}

/**
 * A strict little parser for the XML the JUnit reporter writes (elements,
 * attributes, text, the XML declaration): enough to prove the report is well
 * formed and to count what is in it. Throws on anything malformed.
 */
export function parseXml(source: string): XmlElement {
	const text = source.replace(/^<\?xml[^?]*\?>\s*/, '');
	const token =
		/<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
	const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
	const stack: XmlElement[] = [root];
	let at = 0;
	for (let match = token.exec(text); match; match = token.exec(text)) {
		at = token.lastIndex;
		const [, close, open, attributeText = '', selfClosing, content] = match;
		const top = stack.at(-1);
		if (!top) throw new Error('unbalanced elements');
		if (content !== undefined) {
			top.text += decode(content);
		} else if (close !== undefined) {
			if (top.name !== close) throw new Error(`</${close}> closes <${top.name}>`);
			stack.pop();
		} else if (open !== undefined) {
			const attributes: Record<string, string> = {};
			for (const [, name = '', value = ''] of attributeText.matchAll(
				/([\w:.-]+)\s*=\s*"([^"]*)"/g,
			)) {
				if (name in attributes) throw new Error(`attribute ${name} twice on <${open}>`);
				attributes[name] = decode(value);
			}
			const element: XmlElement = { name: open, attributes, children: [], text: '' };
			top.children.push(element);
			if (!selfClosing) stack.push(element);
		}
	}
	if (at !== text.length) {
		throw new Error(`cannot parse at ${JSON.stringify(text.slice(at, at + 40))}`);
	}
	if (stack.length !== 1) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
	const [element, ...rest] = root.children;
	if (!element || rest.length > 0 || root.text.trim() !== '') {
		throw new Error('not one root element');
	}
	return element;
}

/** Every element named `name` below `element`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
	return element.children.flatMap((child) => [
		...(child.name === name ? [child] : []),
		...findAll(child, name),
	]);
}
