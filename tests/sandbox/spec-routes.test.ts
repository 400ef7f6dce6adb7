import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routes } from '../../src/sandbox/routes.ts';
import { specMissing } from '../spec/openapi.ts';
import { specOperations } from './spec-check.ts';

// Every answer a test gets is checked against the spec (helpers.ts `call`); this
// checks the other direction: that each path the sandbox serves is one the spec
// defines, so a mistyped route cannot hide behind a 404 of its own making.

// A route pattern as a concrete path, one sample value per parameter.
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => `x${name}`);

// The spec's path, or that path without its trailing slash or empty last parameter
// (`/state/{eventType}` for an empty state key, `/pushrules` for `/pushrules/`).
const inSpec = (method: string, path: string) =>
	specOperations().some(
		(op) =>
			op.method === method &&
			[path, `${path}/`, `${path}/x`].some((candidate) => op.pattern.test(candidate)),
	);

test(
	'every route the sandbox serves is an operation of the spec',
	{ skip: specMissing ?? false },
	() => {
		const unknown = routes
			.filter((route) => !route.legacy && !inSpec(route.method, concrete(route.path)))
			.map((route) => `${route.method} ${route.path}`);

		assert.deepEqual(unknown, []);
	},
);

test(
	'the legacy routes are the ones the spec no longer has',
	{ skip: specMissing ?? false },
	() => {
		const legacy = routes.filter((route) => route.legacy);

		assert.ok(legacy.length > 0);
		for (const route of legacy) {
			assert.ok(!inSpec(route.method, concrete(route.path)), route.path);
		}
	},
);
