import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildRequest } from '../../src/matrix/build-request.ts';
import { captureValues } from '../../src/matrix/capture.ts';
import { checkResponse } from '../../src/matrix/check-response.ts';
import { dynamicValue, dynamicValues } from '../../src/matrix/dynamic-values.ts';
import type { PlacedExample } from '../../src/matrix/example.ts';
import { missingDefaults } from '../../src/matrix/guide.ts';
import { sendRequest, type ExchangeResult } from '../../src/matrix/send-request.ts';
import { fillTemplate } from '../../src/matrix/template.ts';
import { loadGuideExamples } from '../../src/node/load-guide.ts';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.ts';
import { findOperations, loadSpec, specMissing } from '../spec/openapi.ts';

let sandbox: RunningSandbox;
before(async () => {
	sandbox = await startSandbox({ port: 0 });
});
after(async () => {
	await sandbox.close();
});

test(
	'the sandbox answers every guide step as the spec describes',
	{ skip: specMissing ?? false },
	async () => {
		const examples = await loadGuideExamples();
		const { operations, validator } = loadSpec();
		const values: Record<string, string> = { baseUrl: sandbox.url };
		Object.assign(
			values,
			missingDefaults(
				examples,
				values,
				(template) => fillTemplate(template, (name) => dynamicValue(name, dynamicValues)).text,
			),
		);

		const send = async (example: PlacedExample): Promise<ExchangeResult> => {
			const built = buildRequest(example, values);
			assert.ok(built.ok, `${example.id} is missing ${built.ok ? '' : built.missing.join(', ')}`);
			const result = await sendRequest(built.request, fetch);
			const problems = checkResponse(example, result.status, result.json, values);
			assert.deepEqual(problems, [], `${example.id}: ${result.text}`);
			Object.assign(values, captureValues(example, result.status, result.json, values));

			const path = new URL(built.request.url).pathname.split('/').map(decodeURIComponent).join('/');
			const fits = findOperations(operations, example.method, path).map((operation) => {
				const at = operation.responseSchemas[String(result.status)];
				if (!at) return `${operation.file} lists no JSON body for ${result.status}`;
				const validate = validator(operation.file, at);
				return validate(result.json)
					? null
					: `${operation.file}: ${JSON.stringify(validate.errors)}`;
			});
			assert.ok(
				fits.includes(null),
				`${example.id} answered ${result.status}, not as the spec says: ${fits.join('; ')}`,
			);
			return result;
		};

		const done = new Set<string>();
		for (const example of examples) {
			if (done.has(example.id)) continue;
			done.add(example.id);
			const waker = examples.find((item) => item.id === example.wokenBy);
			if (!waker) {
				await send(example);
				continue;
			}
			// A long-poll: start it, let the other step wake it, and check it woke early.
			const started = performance.now();
			const waiting = send(example);
			await new Promise((resolve) => setTimeout(resolve, 50));
			await send(waker);
			done.add(waker.id);
			const answer = await waiting;
			assert.ok(performance.now() - started < 5000, 'the long-poll waited instead of waking');
			assert.match(answer.text, /I got your invite/);
		}
	},
);
