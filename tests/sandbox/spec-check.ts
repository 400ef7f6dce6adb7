import type { ValidateFunction } from 'ajv';
import { findOperations, loadSpec, specMissing, type Operation } from '../spec/openapi.ts';

// Checks answers against the response schemas of the spec's OpenAPI files. Every
// `call` in the sandbox tests goes through it, so each test is also a spec test.

type Spec = ReturnType<typeof loadSpec>;

let spec: Spec | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(file: string, at: string): ValidateFunction {
	const key = `${file}${at}`;
	let validate = compiled.get(key);
	if (!validate) {
		spec ??= loadSpec();
		validate = spec.validator(file, at);
		compiled.set(key, validate);
	}
	return validate;
}

// A status an operation does not list still has to be a standard error body.
const errorSchemas = {
	standard: { file: 'api/client-server/definitions/errors/error.yaml', at: '' },
	rateLimited: { file: 'api/client-server/definitions/errors/rate_limited.yaml', at: '' },
};

function errorSchemaFor(status: number) {
	return status === 429 ? errorSchemas.rateLimited : errorSchemas.standard;
}

const decodedPath = (path: string) =>
	path
		.split('?')[0]!
		.split('/')
		.map((segment) => {
			try {
				return decodeURIComponent(segment);
			} catch {
				return segment;
			}
		})
		.join('/');

function problemsWith(operation: Operation, status: number, body: unknown): string | null {
	const at = operation.responseSchemas[String(status)];
	const schema = at ? { file: operation.file, at } : status >= 400 ? errorSchemaFor(status) : null;
	if (!schema) return `${operation.file} lists no JSON body for ${status}`;
	const validate = validatorFor(schema.file, schema.at);
	if (validate(body)) return null;
	return `${schema.file}${schema.at}: ${JSON.stringify(validate.errors)}`;
}

/** Whether answers are checked here; false (with the reason in `specMissing`) without the spec. */
export const specChecking = specMissing === null;

/**
 * Why an answer is not what the spec describes, or null when it fits (or when no
 * spec operation has this method and path, as for unknown endpoints).
 */
export function specProblems(
	method: string,
	path: string,
	status: number,
	body: unknown,
): string | null {
	if (!specChecking || method === 'OPTIONS') return null;
	spec ??= loadSpec();
	const operations = findOperations(spec.operations, method, decodedPath(path));
	if (operations.length === 0) return null;
	const problems = operations.map((operation) => problemsWith(operation, status, body));
	if (problems.includes(null)) return null;
	return `${method} ${path} answered ${status}, not as the spec says: ${problems.join('; ')}`;
}

/** The operations of the spec, for tests that compare the sandbox's routes with them. */
export function specOperations(): readonly Operation[] {
	spec ??= loadSpec();
	return spec.operations;
}
