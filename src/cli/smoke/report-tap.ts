import { summarize, type SmokeRun, type StepResult } from './step-result.ts';

// A description may not contain "#" unescaped, nor a line break.
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');
const description = (text: string) => oneLine(text).replace(/\\/g, '\\\\').replace(/#/g, '\\#');

// JSON strings are YAML double-quoted scalars, so no YAML library is needed.
function diagnostics(step: StepResult): string[] {
	const fields: Array<[string, unknown]> = [
		['message', step.problems[0] ?? ''],
		['problems', step.problems],
		['method', step.method],
		['url', step.url],
		['status', step.status],
		['ms', Math.round(step.ms)],
		['notes', step.notes],
	];
	const lines = ['  ---'];
	for (const [name, value] of fields) {
		if (Array.isArray(value)) {
			if (value.length === 0) continue;
			lines.push(`  ${name}:`, ...value.map((item) => `    - ${JSON.stringify(item)}`));
		} else {
			lines.push(`  ${name}: ${JSON.stringify(value)}`);
		}
	}
	lines.push('  ...');
	return lines;
}

/** The run as TAP version 14: one test point per step, skips as `# SKIP reason`. */
export function reportTap(run: SmokeRun): string {
	if (run.stopped !== null) {
		// TAP's way to say the run could not go on; a consumer fails the run.
		return `TAP version 14\n# matrix-howto smoke of ${oneLine(run.baseUrl)}\nBail out! ${oneLine(run.stopped)}\n`;
	}
	const lines = [
		'TAP version 14',
		`# matrix-howto smoke of ${run.baseUrl}`,
		`1..${run.steps.length}`,
	];
	run.steps.forEach((step, index) => {
		const name = description(`${step.id}: ${step.title}`);
		const number = index + 1;
		if (step.outcome === 'skipped') {
			lines.push(`ok ${number} - ${name} # SKIP ${oneLine(step.reason ?? '')}`);
		} else if (step.outcome === 'passed') {
			lines.push(`ok ${number} - ${name} # time=${Math.round(step.ms)}ms`);
		} else {
			lines.push(`not ok ${number} - ${name}`, ...diagnostics(step));
		}
	});
	const { total, passed, failed, skipped } = summarize(run.steps);
	lines.push(`# ${total} steps: ${passed} passed, ${failed} failed, ${skipped} skipped`);
	return `${lines.join('\n')}\n`;
}
