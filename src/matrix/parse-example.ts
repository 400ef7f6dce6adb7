import type {
	Account,
	Capture,
	Default,
	Example,
	Expectation,
	FieldCheck,
	Method,
	NameValue,
} from './example.ts';

/** Thrown when an `http` block in a guide page cannot be read; names the line. */
export class ExampleSyntaxError extends Error {
	override readonly name = 'ExampleSyntaxError';
	constructor(message: string, line?: number) {
		super(line === undefined ? message : `line ${line}: ${message}`);
	}
}

const methods: readonly Method[] = ['GET', 'POST', 'PUT', 'DELETE'];
const accounts: readonly Account[] = ['me', 'friend'];
const variableName = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?$/;

/** Splits `a.b.c` (with an optional leading `$.`) into path segments. */
export function parsePath(text: string): string[] {
	const bare = text.startsWith('$.') ? text.slice(2) : text;
	if (bare === '' || bare.split('.').some((part) => part === '')) {
		throw new ExampleSyntaxError(`"${text}" is not a field path like $.room_id`);
	}
	return bare.split('.');
}

function parseExpect(text: string): Expectation {
	const [statusText, ...rest] = text.trim().split(/\s+/);
	const status = Number(statusText);
	if (!Number.isInteger(status) || status < 100 || status > 599) {
		throw new ExampleSyntaxError(`@expect needs an HTTP status first, got "${text}"`);
	}
	const fields: FieldCheck[] = rest.map((item) => {
		const at = item.indexOf('==');
		if (at === -1) return { path: parsePath(item) };
		return { path: parsePath(item.slice(0, at)), equals: item.slice(at + 2) };
	});
	return { status, fields };
}

function parseAssignment(directive: string, text: string): { variable: string; value: string } {
	const at = text.indexOf('=');
	const variable = text.slice(0, at).trim();
	const value = text.slice(at + 1).trim();
	if (at === -1 || !variableName.test(variable) || value === '') {
		throw new ExampleSyntaxError(`@${directive} needs "name = value", got "${text}"`);
	}
	return { variable, value };
}

/**
 * Parses the text of one `http` block: `# @directive` lines, the request
 * line, query continuation lines, headers, a blank line, then the body.
 */
export function parseExample(source: string): Example {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	const directives = new Map<string, string>();
	const captures: Capture[] = [];
	const defaults: Default[] = [];
	const forgets: string[] = [];
	let index = 0;

	// Directives and comments come before the request line.
	for (; index < lines.length; index++) {
		const line = (lines[index] ?? '').trim();
		if (line === '') continue;
		if (!line.startsWith('#') && !line.startsWith('//')) break;
		const match = /^(?:#|\/\/)\s*@([a-z-]+)\s*(.*)$/.exec(line);
		if (!match) continue;
		const [, name = '', value = ''] = match;
		if (name === 'capture') {
			const { variable, value: from } = parseAssignment(name, value);
			captures.push({
				variable,
				source: from.startsWith('$.')
					? { kind: 'json', path: parsePath(from) }
					: { kind: 'template', template: from },
			});
		} else if (name === 'forget') {
			for (const variable of value.trim().split(/\s+/)) {
				if (!variableName.test(variable)) {
					throw new ExampleSyntaxError(`@forget takes variable names, got "${variable}"`);
				}
				forgets.push(variable);
			}
		} else if (name === 'default') {
			const { variable, value: template } = parseAssignment(name, value);
			defaults.push({ variable, template });
		} else {
			directives.set(name, value.trim());
		}
	}

	const requestLine = (lines[index] ?? '').trim();
	const requestMatch = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/.exec(requestLine);
	if (!requestMatch) {
		throw new ExampleSyntaxError(`expected "METHOD URL", got "${requestLine}"`, index + 1);
	}
	const method = requestMatch[1] as Method;
	if (!methods.includes(method)) {
		throw new ExampleSyntaxError(`method "${method}" is not one of ${methods.join(', ')}`);
	}
	let target = requestMatch[2] ?? '';
	index++;

	// Query parameters may continue on indented lines starting with ? or &.
	for (; index < lines.length; index++) {
		const line = (lines[index] ?? '').trim();
		if (!line.startsWith('?') && !line.startsWith('&')) break;
		target += line;
	}

	const headers: NameValue[] = [];
	for (; index < lines.length; index++) {
		const line = lines[index] ?? '';
		if (line.trim() === '') break;
		const colon = line.indexOf(':');
		if (colon <= 0) throw new ExampleSyntaxError(`"${line}" is not a header`, index + 1);
		headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
	}
	const bodyText = lines
		.slice(index + 1)
		.join('\n')
		.trim();

	const id = directives.get('name');
	if (!id || !/^[a-z0-9-]+$/.test(id)) {
		throw new ExampleSyntaxError(`each block needs "# @name some-id", got "${id ?? ''}"`);
	}
	const account = directives.get('as') ?? null;
	if (account !== null && !accounts.includes(account as Account)) {
		throw new ExampleSyntaxError(`@as must be one of ${accounts.join(', ')}, got "${account}"`);
	}
	const expectText = directives.get('expect');
	if (!expectText) throw new ExampleSyntaxError(`example "${id}" needs an @expect line`);

	const [url = '', queryText] = splitOnce(target, '?');
	return {
		id,
		title: directives.get('title') ?? id,
		account: account as Account | null,
		method,
		url,
		query: queryText === undefined ? [] : parseQuery(queryText),
		headers,
		body: bodyText === '' ? null : bodyText,
		captures,
		defaults,
		forgets,
		expect: parseExpect(expectText),
		wokenBy: directives.get('woken-by') ?? null,
		source,
	};
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

// Values are written readable (raw JSON, `#alias`) and encoded when filled.
function parseQuery(text: string): NameValue[] {
	return text
		.split('&')
		.filter((part) => part !== '')
		.map((part) => {
			const [name = '', value = ''] = splitOnce(part, '=');
			return { name, value };
		});
}
