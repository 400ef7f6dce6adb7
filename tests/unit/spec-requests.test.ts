import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRequest } from '../../src/matrix/build-request.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { findOperations, loadSpec, specMissing, type Operation } from '../spec/openapi.ts';
import { sample } from '../spec/sample-values.ts';

const examples = await loadGuideExamples();


type Validator = ReturnType<typeof loadSpec>['validator'];
let validatorOf: Validator;

// Why the request does not fit this operation, or null when it does.
function mismatch(
	operation: Operation,
	url: URL,
	headers: Readonly<Record<string, string>>,
	body: unknown,
): string | null {
	const queryNames = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
	for (const name of url.searchParams.keys()) {
		if (!queryNames.includes(name))
			return `query "${name}" is not a parameter of ${operation.path}`;
	}
	const hasToken = Object.keys(headers).includes('Authorization');
	if (hasToken !== operation.authenticated)
		return `token sent: ${hasToken}, spec (${operation.file}) wants ${operation.authenticated}`;
	if (body === undefined) return null;
	if (!operation.requestSchema) return `sends a body, but ${operation.file} takes none`;
	const validate = validatorOf(operation.file, operation.requestSchema);
	return validate(body)
		? null
		: `body does not match ${operation.file}: ${JSON.stringify(validate.errors)}`;
}

test(
	'every example sends a request the spec defines, with a valid body',
	{ skip: specMissing ?? false },
	() => {
		const { operations, validator } = loadSpec();
		validatorOf = validator;
		for (const example of examples) {
			const built = buildRequest(example, sample);
			assert.ok(
				built.ok,
				`${example.id} needs values the test does not give: ${built.ok ? '' : built.missing.join(', ')}`,
			);
			const url = new URL(built.request.url);
			const path = url.pathname
				.split('/')
				.map(decodeURIComponent)
				.map((part) => part.replace(/\//g, '%2F'))
				.join('/');
			const candidates = findOperations(operations, example.method, path);
			assert.ok(
				candidates.length > 0,
				`${example.id}: ${example.method} ${path} is not in the spec`,
			);
			const body: unknown =
				built.request.body === null ? undefined : JSON.parse(built.request.body);
			const reasons = candidates.map((operation) =>
				mismatch(operation, url, built.request.headers, body),
			);
			assert.ok(reasons.includes(null), `${example.id}: ${reasons.join('; ')}`);
		}
	},
);

test(
	'the sync filter example is a valid filter by the spec',
	{ skip: specMissing ?? false },
	() => {
		const { validator } = loadSpec();
		const sync = examples.find((example) => example.id === 'sync-filtered');
		const filter = sync?.query.find((item) => item.name === 'filter')?.value ?? '';

		const validate = validator('api/client-server/definitions/sync_filter.yaml', '#');

		assert.ok(validate(JSON.parse(filter)), JSON.stringify(validate.errors));
	},
);
