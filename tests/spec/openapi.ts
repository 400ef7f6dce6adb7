import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

/** The spec's data folder beside the project (`../shared/matrix-spec/`), if present. */
export const specFolder = fileURLToPath(
	new URL('../../../shared/matrix-spec/data/', import.meta.url),
);

/** Why spec checks are skipped on this machine, or null when the spec is there. */
export const specMissing: string | null = existsSync(join(specFolder, 'api/client-server'))
	? null
	: `the Matrix spec is not at ${specFolder} (only CI and developer machines have ../shared/matrix-spec); spec checks skipped`;

/** One operation of the client-server API. */
export interface Operation {
	readonly method: string;
	/** The full path with its base, e.g. `/_matrix/client/v3/rooms/{roomId}/join`. */
	readonly path: string;
	readonly file: string;
	readonly parameters: ReadonlyArray<{ name: string; in: string; required?: boolean }>;
	readonly authenticated: boolean;
	/** A JSON pointer (into `file`) to the JSON request body schema, if any. */
	readonly requestSchema: string | null;
	/** JSON pointers to the JSON response schemas, by status. */
	readonly responseSchemas: Readonly<Record<string, string>>;
	readonly pattern: RegExp;
}

function yamlFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return yamlFiles(path);
		return name.endsWith('.yaml') ? [path] : [];
	});
}

const pointer = (...parts: string[]) =>
	`#/${parts.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;

type Yaml = Record<string, unknown>;

/** Loads every OpenAPI file once: the operations, and a validator that resolves their `$ref`s. */
export function loadSpec(): {
	operations: Operation[];
	validator: (file: string, at: string) => ValidateFunction;
} {
	const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
	const operations: Operation[] = [];
	for (const file of [
		...yamlFiles(join(specFolder, 'api/client-server')),
		...yamlFiles(join(specFolder, 'event-schemas/schema')),
	]) {
		const document = parse(readFileSync(file, 'utf8')) as Yaml | null;
		if (!document || typeof document !== 'object') continue;
		const id = pathToFileURL(file).href;
		ajv.addSchema({ ...document, $id: id }, id);
		if (!document['openapi']) continue;
		const server = (
			document['servers'] as Array<{ variables?: { basePath?: { default?: string } } }> | undefined
		)?.[0];
		const basePath = server?.variables?.basePath?.default ?? '';
		for (const [path, item] of Object.entries((document['paths'] ?? {}) as Record<string, Yaml>)) {
			for (const [method, raw] of Object.entries(item)) {
				const op = raw as Yaml;
				const content = (schema: unknown) =>
					(schema as Yaml | undefined)?.['content'] as Yaml | undefined;
				const body = content(op['requestBody'])?.['application/json'] as Yaml | undefined;
				const responses: Record<string, string> = {};
				for (const [status, response] of Object.entries((op['responses'] ?? {}) as Yaml)) {
					if ((content(response)?.['application/json'] as Yaml | undefined)?.['schema']) {
						responses[status] = pointer(
							'paths',
							path,
							method,
							'responses',
							status,
							'content',
							'application/json',
							'schema',
						);
					}
				}
				// The spec writes "/rooms/{roomId}/invite " with a space to tell its two invites apart.
				const full = `${basePath}${path.trim()}`;
				operations.push({
					method: method.toUpperCase(),
					path: full,
					file: relative(specFolder, file),
					parameters: (op['parameters'] ?? []) as Operation['parameters'],
					authenticated:
						Array.isArray(op['security']) && JSON.stringify(op['security']).includes('accessToken'),
					requestSchema: body?.['schema']
						? pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema')
						: null,
					responseSchemas: responses,
					pattern: new RegExp(
						`^${full.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
					),
				});
			}
		}
	}
	return {
		operations,
		validator: (file, at) => {
			const id = pathToFileURL(join(specFolder, file)).href;
			return ajv.compile({ $ref: `${id}${at}` });
		},
	};
}

/**
 * The operations a concrete method and path belong to. Some paths are defined
 * twice (`/invite` for users and for third-party IDs); a request may match either.
 */
export function findOperations(
	operations: readonly Operation[],
	method: string,
	path: string,
): Operation[] {
	return operations.filter((op) => op.method === method && op.pattern.test(path));
}
