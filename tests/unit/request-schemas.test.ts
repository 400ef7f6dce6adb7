import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { buildRequest } from '../../src/matrix/build-request.ts';
import type { PlacedExample } from '../../src/matrix/example.ts';
import {
	requestSchemas,
	schemaFor,
	type JsonSchema,
} from '../../src/matrix/request-schemas/index.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { findOperations, loadSpec, specFolder, specMissing } from '../spec/openapi.ts';
import { sample } from '../spec/sample-values.ts';

const examples = await loadGuideExamples();
const withBody = examples.filter((example) => example.body !== null);


// Fields the spec leaves to prose: each UIA stage's own fields, each identifier type's.
const beyondSpecSchema: Readonly<Record<string, readonly string[]>> = {
	register: ['auth.token'],
	login: ['identifier.user'],
};

function sentBody(example: PlacedExample): unknown {
	const built = buildRequest(example, sample);
	assert.ok(built.ok, `${example.id} needs ${built.ok ? '' : built.missing.join(', ')}`);
	return JSON.parse(built.request.body ?? 'null');
}

function sentPath(example: PlacedExample): string {
	const built = buildRequest(example, sample);
	assert.ok(built.ok);
	// Decode each segment, as the spec's path templates see them.
	return new URL(built.request.url).pathname.split('/').map(decodeURIComponent).join('/');
}

test('every example with a body has a request schema', () => {
	const without = withBody.filter((example) => schemaFor(example) === null).map((e) => e.id);

	assert.deepEqual(without, [], `no schema for: ${without.join(', ')}`);
});

test('schemaFor finds a schema by method and path, and nothing for other requests', () => {
	const send = {
		method: 'PUT',
		url: '{{baseUrl}}/_matrix/client/v3/rooms/!a:b/send/m.room.message/1',
	} as const;
	const filled = {
		method: 'POST',
		url: 'http://localhost:8008/_matrix/client/v3/join/%23a:b',
	} as const;
	const get = { method: 'GET', url: '{{baseUrl}}/_matrix/client/v3/login' } as const;
	const state = {
		method: 'PUT',
		url: '{{baseUrl}}/_matrix/client/v3/rooms/x/send/m.reaction/1',
	} as const;

	assert.equal(schemaFor(send)?.id, 'room-message');
	assert.equal(schemaFor(filled)?.id, 'join');
	assert.equal(schemaFor(get), null);
	assert.equal(schemaFor(state), null);
});

// strictRequired cannot see that `then: {required: ['token']}` names a property of its parent.
const strictAjv = () => new Ajv2020({ strict: true, strictRequired: false, allErrors: true });

test('every request schema is valid 2020-12 JSON Schema with only standard keywords', () => {
	const ajv = strictAjv();

	for (const [id, schema] of Object.entries(requestSchemas)) {
		assert.doesNotThrow(() => ajv.compile(schema), id);
		assert.equal(
			typeof schema['description'] === 'string' || typeof schema['title'] === 'string',
			true,
			id,
		);
	}
});

test('every example body validates against its request schema', () => {
	const ajv = strictAjv();

	for (const example of withBody) {
		const found = schemaFor(example);
		assert.ok(found, example.id);
		const validate = ajv.compile(found.schema);
		assert.ok(validate(sentBody(example)), `${example.id}: ${JSON.stringify(validate.errors)}`);
	}
});

test('every property has a description, for completion and hovers', () => {
	const missing: string[] = [];
	const walk = (schema: JsonSchema, path: string) => {
		for (const [name, child] of Object.entries(propertiesOf(schema))) {
			if (typeof child['description'] !== 'string') missing.push(`${path}.${name}`);
			walk(child, `${path}.${name}`);
		}
		const items = schema['items'] as JsonSchema | undefined;
		if (items) walk(items, `${path}[]`);
	};
	for (const [id, schema] of Object.entries(requestSchemas)) walk(schema, id);

	assert.deepEqual(missing, []);
});

const skip = specMissing ?? false;
const spec = specMissing ? null : loadSpec();

test("every example body validates against the spec's schema too", { skip }, () => {
	assert.ok(spec);
	for (const example of withBody) {
		const body = sentBody(example);
		const operations = findOperations(spec.operations, example.method, sentPath(example));
		const fits = operations
			.filter((op) => op.requestSchema !== null)
			.map((op) => {
				const validate = spec.validator(op.file, op.requestSchema ?? '#');
				return validate(body) ? null : `${op.file}: ${JSON.stringify(validate.errors)}`;
			});
		assert.ok(fits.includes(null), `${example.id}: ${fits.join('; ') || 'no operation'}`);

		// Sending a message takes any object; the event's own schema says what content is.
		const msgtype = (body as { msgtype?: string }).msgtype;
		if (schemaFor(example)?.id === 'room-message') {
			const file = `event-schemas/schema/m.room.message$${msgtype}.yaml`;
			const validate = spec.validator(file, '#/properties/content');
			assert.ok(validate(body), `${example.id}: ${JSON.stringify(validate.errors)}`);
		}
	}
});

test(
	'our property names, required lists, enums and deprecations agree with the spec',
	{ skip },
	() => {
		assert.ok(spec);
		const problems: string[] = [];
		for (const [id, location] of Object.entries(specLocations())) {
			const ours = requestSchemas[id];
			assert.ok(ours, `no schema "${id}"`);
			const theirs = resolveSpec(location.file, location.pointer);
			compare(ours, id === 'room-message' ? withAllMsgtypes(theirs) : theirs, id, '', problems);
		}

		assert.deepEqual(problems, []);
	},
);

// Where the spec defines each body: the operation a guide example calls, or an event.
function specLocations(): Record<string, { file: string; pointer: string }> {
	assert.ok(spec);
	const locations: Record<string, { file: string; pointer: string }> = {
		'room-message': {
			file: 'event-schemas/schema/m.room.message$m.text.yaml',
			pointer: '#/properties/content',
		},
	};
	for (const example of withBody) {
		const id = schemaFor(example)?.id;
		if (!id || locations[id]) continue;
		const operation = findOperations(spec.operations, example.method, sentPath(example)).find(
			(op) =>
				op.requestSchema !== null && op.file !== 'api/client-server/third_party_membership.yaml',
		);
		assert.ok(operation?.requestSchema, `${example.id}: no operation with a body in the spec`);
		locations[id] = { file: operation.file, pointer: operation.requestSchema };
	}
	assert.deepEqual(Object.keys(locations).sort(), Object.keys(requestSchemas).sort());
	return locations;
}

// Each msgtype has its own event schema; together they list the msgtypes the spec defines.
function withAllMsgtypes(content: SpecShape): SpecShape {
	const folder = join(specFolder, 'event-schemas/schema');
	const msgtypes = readdirSync(folder)
		.filter((name) => name.startsWith('m.room.message$'))
		.flatMap((name) => {
			const shape = resolveSpec(`event-schemas/schema/${name}`, '#/properties/content');
			return shape.properties['msgtype']?.enum ?? [];
		});
	const msgtype = content.properties['msgtype'];
	assert.ok(msgtype && msgtypes.length > 0, 'the spec defines no msgtypes');
	return {
		...content,
		properties: { ...content.properties, msgtype: { ...msgtype, enum: msgtypes } },
	};
}

/** A spec schema with `$ref`s followed and `allOf`s merged: what its JSON may hold. */
interface SpecShape {
	readonly properties: Record<string, SpecShape>;
	readonly required: readonly string[];
	readonly items: SpecShape | null;
	readonly enum: readonly unknown[] | null;
	readonly deprecated: boolean;
}

type Yaml = { readonly [key: string]: unknown };
const documents = new Map<string, Yaml>();

function resolveSpec(file: string, pointer: string, depth = 0): SpecShape {
	const path = join(specFolder, file);
	let document = documents.get(path);
	if (!document) {
		document = parse(readFileSync(path, 'utf8')) as Yaml;
		documents.set(path, document);
	}
	let node: unknown = document;
	for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
		const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
		node = (node as Yaml)[key];
	}
	return shapeOf(node as Yaml, file, depth);
}

function shapeOf(node: Yaml, file: string, depth: number): SpecShape {
	assert.ok(depth < 20, `$ref loop in ${file}`);
	const ref = node['$ref'];
	if (typeof ref === 'string') {
		const [target = '', pointer = ''] = ref.split('#');
		const next =
			target === '' ? file : relative(specFolder, resolve(dirname(join(specFolder, file)), target));
		return resolveSpec(next, `#${pointer}`, depth + 1);
	}
	const parts = ((node['allOf'] ?? []) as Yaml[]).map((part) => shapeOf(part, file, depth + 1));
	const properties: Record<string, SpecShape> = {};
	const required = new Set<string>();
	for (const part of parts) {
		Object.assign(properties, part.properties);
		for (const name of part.required) required.add(name);
	}
	for (const [name, child] of Object.entries((node['properties'] ?? {}) as Record<string, Yaml>)) {
		properties[name] = shapeOf(child, file, depth + 1);
	}
	for (const name of (node['required'] ?? []) as string[]) required.add(name);
	const items = node['items'] ? shapeOf(node['items'] as Yaml, file, depth + 1) : null;
	return {
		properties,
		required: [...required].sort(),
		items: items ?? parts.find((part) => part.items)?.items ?? null,
		enum: (node['enum'] as unknown[] | undefined) ?? parts.find((part) => part.enum)?.enum ?? null,
		deprecated: node['deprecated'] === true,
	};
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
	return (schema['properties'] ?? {}) as Record<string, JsonSchema>;
}

function compare(
	ours: JsonSchema,
	theirs: SpecShape,
	id: string,
	path: string,
	problems: string[],
): void {
	const where = `${id}: ${path || '(body)'}`;
	const names = Object.keys(propertiesOf(ours));
	if (names.length > 0) {
		const required = [...((ours['required'] ?? []) as string[])].sort();
		if (required.join() !== theirs.required.join()) {
			problems.push(`${where} requires [${required}], the spec [${theirs.required}]`);
		}
	}
	for (const name of names) {
		const child = propertiesOf(ours)[name] as JsonSchema;
		const childPath = path ? `${path}.${name}` : name;
		const match = theirs.properties[name];
		if (!match) {
			if (!beyondSpecSchema[id]?.includes(childPath))
				problems.push(`${id}: ${childPath} is not in the spec`);
			continue;
		}
		if ((child['deprecated'] === true) !== match.deprecated) {
			problems.push(
				`${id}: ${childPath} deprecated ${child['deprecated'] === true}, spec ${match.deprecated}`,
			);
		}
		const values = child['enum'] as unknown[] | undefined;
		const extra =
			values && match.enum ? values.filter((value) => !match.enum?.includes(value)) : [];
		if (extra.length > 0)
			problems.push(`${id}: ${childPath} allows ${extra.join(', ')}, the spec does not`);
		compare(child, match, id, childPath, problems);
	}
	const items = ours['items'] as JsonSchema | undefined;
	if (items && theirs.items) compare(items, theirs.items, id, `${path}[]`, problems);
}
