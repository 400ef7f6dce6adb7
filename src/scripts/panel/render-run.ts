import type { BuiltRequest } from '../../matrix/build-request.ts';
import { redactText } from '../../matrix/redact.ts';
import { el } from '../dom.ts';
import type { RunSummary, StoredRun } from '../session-store.ts';
import { showBody } from './show-body.ts';

/** What the result area shows besides the run itself. */
export interface RunExtras {
	/** Shown as "earlier, at …" after a reload. */
	readonly restored: boolean;
	readonly explanation: string | null;
	/** `[name, shown value]` pairs this run saved for later steps. */
	readonly captured: ReadonlyArray<readonly [string, string]>;
	/** The request as sent, when this run happened in this page view. */
	readonly request: BuiltRequest | null;
	/** The parsed body, when the caller already has it. */
	readonly json: unknown;
	readonly secrets: readonly string[];
}

function statusLine(run: StoredRun, restored: boolean): HTMLElement {
	if (run.error !== null) {
		return el('p', { class: 'run-status run-failed', 'data-status': 'none' }, run.error);
	}
	const good = run.problems.length === 0;
	const when = restored ? ` · earlier, at ${new Date(run.at).toLocaleTimeString()}` : '';
	return el(
		'p',
		{ class: `run-status ${good ? 'run-good' : 'run-bad'}`, 'data-status': String(run.status) },
		el('strong', {}, `${run.status} ${run.statusText}`.trim()),
		` · ${run.ms} ms${when} · `,
		good ? 'as the guide expects' : 'not what the guide expects',
	);
}

function sentRequest(request: BuiltRequest, secrets: readonly string[]): HTMLElement {
	const lines = [`${request.method} ${request.url}`];
	for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
	if (request.body !== null) lines.push('', request.body);
	return el(
		'details',
		{ class: 'run-sent' },
		el('summary', {}, 'Request sent'),
		el('pre', {}, el('code', {}, redactText(lines.join('\n'), secrets))),
	);
}

function responseHeaders(headers: Readonly<Record<string, string>>): HTMLElement {
	const names = Object.keys(headers).sort();
	return el(
		'details',
		{ class: 'run-headers' },
		el('summary', {}, `Response headers (${names.length})`),
		el('pre', {}, el('code', {}, names.map((name) => `${name}: ${headers[name]}`).join('\n'))),
	);
}

/** Builds everything the result area shows for one run. */
export function renderRun(run: StoredRun, extras: RunExtras): Node[] {
	const children: Node[] = [statusLine(run, extras.restored)];
	if (run.error === null && run.problems.length > 0) {
		children.push(
			el('ul', { class: 'run-problems' }, ...run.problems.map((problem) => el('li', {}, problem))),
		);
	}
	if (extras.explanation) children.push(el('p', { class: 'run-explain' }, extras.explanation));
	if (extras.captured.length > 0 && run.error === null) {
		children.push(
			el(
				'p',
				{ class: 'run-captured' },
				'Saved for later steps: ',
				...extras.captured.flatMap(([name, value], index) => [
					index > 0 ? ', ' : '',
					el('code', {}, name),
					' = ',
					el('code', {}, value),
				]),
			),
		);
	}
	if (extras.request) children.push(sentRequest(extras.request, extras.secrets));
	if (run.error === null) {
		children.push(responseHeaders(run.headers ?? {}));
		children.push(...showBody(run.text, extras.json, run.contentType, run.size ?? run.text.length));
	}
	return children;
}

/** The short list of earlier runs under a panel, newest first. */
export function renderHistory(history: readonly RunSummary[]): Node[] {
	if (history.length < 2) return [];
	return [
		el(
			'details',
			{ class: 'run-history' },
			el('summary', {}, `Earlier runs (${history.length - 1})`),
			el(
				'ol',
				{},
				...history
					.slice(1)
					.map((item) =>
						el(
							'li',
							{ class: item.good ? 'run-good' : 'run-bad' },
							`${new Date(item.at).toLocaleTimeString()} · ${item.status ?? 'no answer'} · ${item.ms} ms`,
						),
					),
			),
		),
	];
}
