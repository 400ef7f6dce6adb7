import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `npm run bench:smoke`: the wall time of `matrix-howto smoke --sandbox`, run as
// a user runs it (a fresh Node process each time, sandbox start and stop included).

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const runs = Number(process.env['BENCH_RUNS'] ?? 5);

interface Timed {
	readonly wallMs: number;
	/** The time its summary line gives: sandbox start and probes included, Node's start-up not. */
	readonly runMs: number;
}

function timeOneRun(): Promise<Timed> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, [main, 'smoke', '--sandbox'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.resume();
		child.on('error', reject);
		child.on('close', (code) => {
			const wallMs = performance.now() - started;
			if (code !== 0) {
				reject(new Error(`smoke --sandbox exited with ${code}:\n${stdout}`));
				return;
			}
			const summary = /^\d+ steps in (\d+) ms/m.exec(stdout);
			resolve({ wallMs, runMs: Number(summary?.[1] ?? Number.NaN) });
		});
	});
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const results: Timed[] = [];
for (let i = 0; i < runs; i++) results.push(await timeOneRun());
const walls = results.map((r) => r.wallMs);
const ms = (value: number) => `${Math.round(value)} ms`;
process.stdout.write(
	`smoke --sandbox, ${runs} runs: wall time ${ms(median(walls))} median ` +
		`(best ${ms(Math.min(...walls))}, worst ${ms(Math.max(...walls))}); ` +
		`without Node's start-up ${ms(median(results.map((r) => r.runMs)))} median.\n`,
);
