import { summarize, type SmokeRun } from './step-result.ts';

/** The run as one JSON document, for scripts; times in whole milliseconds. */
export function reportJson(run: SmokeRun): string {
	const document = {
		tool: 'matrix-howto smoke',
		baseUrl: run.baseUrl,
		versions: run.versions,
		startedAt: run.startedAt,
		ms: Math.round(run.ms),
		stopped: run.stopped,
		summary: summarize(run.steps),
		steps: run.steps.map((step) => ({ ...step, ms: Math.round(step.ms) })),
	};
	return `${JSON.stringify(document, null, 2)}\n`;
}
