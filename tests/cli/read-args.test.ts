import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArgs, takeVerbose, wantsHelp } from '../../src/cli/read-args.ts';

const spec = {
	command: 'matrix-howto test',
	options: { port: { type: 'string' }, reset: { type: 'boolean' } },
} as const;

test('takes --verbose from anywhere before "--", and leaves it after', () => {
	assert.deepEqual(takeVerbose(['--verbose', 'smoke', '--sandbox']), {
		verbose: true,
		rest: ['smoke', '--sandbox'],
	});
	assert.deepEqual(takeVerbose(['smoke', '--sandbox', '--verbose']), {
		verbose: true,
		rest: ['smoke', '--sandbox'],
	});
	assert.deepEqual(takeVerbose(['smoke', '--', '--verbose']), {
		verbose: false,
		rest: ['smoke', '--', '--verbose'],
	});
});

test('finds --help and -h only among the options', () => {
	assert.equal(wantsHelp(['--port', '1', '-h']), true);
	assert.equal(wantsHelp(['--help=no']), false);
	assert.equal(wantsHelp(['--', '--help']), false);
});

test('parses what it checked, and refuses what Node would, in its own words', () => {
	// parseArgs hands back objects without a prototype.
	assert.deepEqual(
		{ ...readArgs(['--port', '8008', '--reset'], spec).values },
		{
			port: '8008',
			reset: true,
		},
	);
	assert.deepEqual({ ...readArgs(['--port=-1'], spec).values }, { port: '-1' });
	assert.throws(() => readArgs(['-x'], spec), {
		name: 'UsageError',
		message: 'Unknown option -x for "matrix-howto test". Run it with --help to see its options.',
	});
	assert.throws(() => readArgs(['--port', '--reset'], spec), /^UsageError: --port of .* needs/);
	assert.throws(
		() => readArgs(['--reset=1'], spec),
		/--reset of "matrix-howto test" takes no value/,
	);
	assert.throws(() => readArgs(['extra'], spec), /takes no arguments, got "extra"/);
	assert.deepEqual(readArgs(['--', '--reset'], { ...spec, allowPositionals: true }).positionals, [
		'--reset',
	]);
});
