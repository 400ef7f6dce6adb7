import type { Example } from './example.ts';
import { readPath } from './json-path.ts';
import { fillTemplate } from './template.ts';
import { resolveVariable, type Variables } from './variables.ts';

/**
 * The values an example stores from its response. Only a response with the
 * expected status counts, so a failed login never overwrites a good token.
 * JSON captures come first; template captures then see them.
 */
export function captureValues(
	example: Example,
	status: number,
	json: unknown,
	values: Variables,
): Record<string, string> {
	if (status !== example.expect.status) return {};
	const captured: Record<string, string> = {};
	for (const capture of example.captures) {
		if (capture.source.kind !== 'json') continue;
		const found = readPath(json, capture.source.path);
		if (typeof found === 'string' || typeof found === 'number') {
			captured[capture.variable] = String(found);
		}
	}
	const merged = { ...values, ...captured };
	for (const capture of example.captures) {
		if (capture.source.kind !== 'template') continue;
		const filled = fillTemplate(capture.source.template, (name) => resolveVariable(name, merged));
		if (filled.missing.length === 0) captured[capture.variable] = filled.text;
	}
	return captured;
}
