import { summarize, type SmokeRun, type StepResult } from './step-result.ts';

// XML 1.0 allows neither most control characters nor unpaired surrogates.
const invalidXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
	return text
		.replace(invalidXml, '\uFFFD')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function counts(steps: readonly StepResult[]): string {
	const { total, failed, skipped } = summarize(steps);
	const ms = steps.reduce((sum, step) => sum + step.ms, 0);
	const time = seconds(ms);
	return `tests="${total}" failures="${failed}" errors="0" skipped="${skipped}" time="${time}"`;
}

function testcase(step: StepResult): string[] {
	const attributes =
		`name="${escapeXml(`${step.id}: ${step.title}`)}" ` +
		`classname="${escapeXml(`matrix-howto.${step.page}`)}" time="${seconds(step.ms)}"`;
	const request =
		step.url === null ? [] : [`${step.method} ${step.url} → ${step.status ?? 'no answer'}`];
	const body: string[] = [];
	if (step.outcome === 'failed') {
		const text = [...step.problems, ...request, ...step.notes].join('\n');
		body.push(
			`      <failure message="${escapeXml(step.problems[0] ?? 'failed')}" type="failed">` +
				`${escapeXml(text)}</failure>`,
		);
	} else if (step.outcome === 'skipped') {
		body.push(`      <skipped message="${escapeXml(step.reason ?? '')}"/>`);
	}
	if (step.outcome !== 'failed' && (step.notes.length > 0 || request.length > 0)) {
		body.push(
			`      <system-out>${escapeXml([...request, ...step.notes].join('\n'))}</system-out>`,
		);
	}
	if (body.length === 0) return [`    <testcase ${attributes}/>`];
	return [`    <testcase ${attributes}>`, ...body, '    </testcase>'];
}

// A run that stopped before its first step: one test case in error, so a CI
// system that reads the file shows why instead of finding no file, or an old one.
function stoppedSuite(run: SmokeRun, reason: string): string[] {
	const time = seconds(run.ms);
	const counts = `tests="1" failures="0" errors="1" skipped="0" time="${time}"`;
	return [
		`<testsuites name="matrix-howto smoke" ${counts} timestamp="${run.startedAt}">`,
		`  <testsuite name="Homeserver check" ${counts} timestamp="${run.startedAt}">`,
		'    <properties>',
		`      <property name="baseUrl" value="${escapeXml(run.baseUrl)}"/>`,
		'    </properties>',
		`    <testcase name="the homeserver suits the guide" classname="matrix-howto.start" time="${time}">`,
		`      <error message="${escapeXml(reason)}" type="stopped">${escapeXml(reason)}</error>`,
		'    </testcase>',
		'  </testsuite>',
		'</testsuites>',
	];
}

/**
 * The run as JUnit XML, the format most CI systems read: one test suite per
 * guide page, one test case per step, skips and failures with their reasons.
 */
export function reportJunit(run: SmokeRun): string {
	const pages = new Map<string, StepResult[]>();
	for (const step of run.steps)
		pages.set(step.pageTitle, [...(pages.get(step.pageTitle) ?? []), step]);
	if (run.stopped !== null) {
		return `${['<?xml version="1.0" encoding="UTF-8"?>', ...stoppedSuite(run, run.stopped)].join('\n')}\n`;
	}
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="matrix-howto smoke" ${counts(run.steps)} timestamp="${run.startedAt}">`,
	];
	for (const [title, steps] of pages) {
		lines.push(
			`  <testsuite name="${escapeXml(title)}" ${counts(steps)} ` + `timestamp="${run.startedAt}">`,
			'    <properties>',
			`      <property name="baseUrl" value="${escapeXml(run.baseUrl)}"/>`,
			'    </properties>',
			...steps.flatMap(testcase),
			'  </testsuite>',
		);
	}
	lines.push('</testsuites>');
	return `${lines.join('\n')}\n`;
}
