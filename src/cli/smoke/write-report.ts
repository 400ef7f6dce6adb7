import { writeFile } from 'node:fs/promises';
import { reportJson } from './report-json.ts';
import { reportJunit } from './report-junit.ts';
import { reportTap } from './report-tap.ts';
import type { Secrets } from './secrets.ts';
import type { SmokeRun, StepResult } from './step-result.ts';

/** The report formats `--reporter` accepts. */
export const reporters = { junit: reportJunit, tap: reportTap, json: reportJson } as const;

/** One of the report format names. */
export type Reporter = keyof typeof reporters;

/** True for a name `--reporter` accepts. */
export function isReporter(name: string): name is Reporter {
	return Object.hasOwn(reporters, name);
}

// Redacted before formatting as well as after: escaping for XML or JSON would
// turn a secret holding `&` or `"` into text the last pass no longer finds.
function redactRun(run: SmokeRun, secrets: Secrets): SmokeRun {
	const text = (value: string) => secrets.redact(value);
	const step = (item: StepResult): StepResult => ({
		...item,
		title: text(item.title),
		url: item.url === null ? null : text(item.url),
		problems: item.problems.map(text),
		reason: item.reason === null ? null : text(item.reason),
		notes: item.notes.map(text),
	});
	return {
		...run,
		baseUrl: text(run.baseUrl),
		steps: run.steps.map(step),
		stopped: run.stopped === null ? null : text(run.stopped),
	};
}

/** Writes the report to `output`, or to stdout when there is no file. */
export async function writeReport(
	run: SmokeRun,
	reporter: Reporter,
	output: string | null,
	secrets: Secrets,
): Promise<void> {
	const text = secrets.redact(reporters[reporter](redactRun(run, secrets)));
	if (output === null) process.stdout.write(text);
	else await writeFile(output, text, 'utf8');
}
