import type { Example } from './example.ts';
import { readPath } from './json-path.ts';
import { fillTemplate } from './template.ts';
import { resolveVariable, type Variables } from './variables.ts';

/**
 * Compares a response with the example's `@expect` line. Returns one sentence
 * per problem; an empty list means the step did what the guide says it does.
 */
export function checkResponse(
	example: Example,
	status: number,
	json: unknown,
	values: Variables,
): string[] {
	const problems: string[] = [];
	if (status !== example.expect.status) {
		problems.push(`expected HTTP ${example.expect.status}, got ${status}`);
	}
	for (const field of example.expect.fields) {
		const name = field.path.join('.');
		const found = readPath(json, field.path);
		if (found === undefined) {
			problems.push(`the response has no "${name}" field`);
			continue;
		}
		if (field.equals === undefined) continue;
		const wanted = fillTemplate(field.equals, (key) => resolveVariable(key, values)).text;
		if (String(found) !== wanted) {
			problems.push(`"${name}" is ${JSON.stringify(found)}, expected ${JSON.stringify(wanted)}`);
		}
	}
	return problems;
}
