import type { BuiltRequest } from '../../matrix/build-request.ts';
import type { PlacedExample } from '../../matrix/example.ts';
import { normalizeBaseUrl } from '../../matrix/build-request.ts';
import { redactJson, redactText } from '../../matrix/redact.ts';
import type { ExchangeResult } from '../../matrix/send-request.ts';
import { el } from '../dom.ts';

// The log keeps the latest calls only; a day of syncing would be thousands.
const keptEntries = 150;
// Bodies longer than this are cut in the log; the browser's network tab has them whole.
const shownCharacters = 100_000;

/** One call's line in the log, filled in when the answer comes. */
export interface LogEntry {
	answered(result: ExchangeResult): void;
	/** Nothing came back; `reason` says why, for the raw view. */
	failed(reason: string): void;
	/** The app stopped waiting, e.g. a long-poll cut short when the page was hidden. */
	cancelled(): void;
}

/**
 * The list beside the app of every call it makes: method, path, status, time,
 * the guide step it ran, and the raw JSON (collapsed). Tokens and passwords
 * are masked before anything is put on screen, and all of it goes in as text.
 */
export class RequestLog {
	readonly #list: HTMLElement;
	readonly #hrefOf: (example: PlacedExample) => string;

	constructor(list: HTMLElement, hrefOf: (example: PlacedExample) => string) {
		this.#list = list;
		this.#hrefOf = hrefOf;
	}

	/** Adds a line for a request about to be sent. */
	begin(
		example: PlacedExample,
		request: BuiltRequest,
		baseUrl: string,
		secrets: readonly string[],
	): LogEntry {
		const started = Date.now();
		const isSync = new URL(request.url).pathname.endsWith('/sync');
		const waits = isSync && new URL(request.url).searchParams.has('timeout');
		const status = el('span', { class: 'xlog-status' }, waits ? 'waiting (long-poll)…' : 'sent…');
		const meta = el('span', { class: 'xlog-meta-text' }, ` · ${clock(started)}`);
		const raw = el('details', { class: 'xlog-raw' }, el('summary', {}, 'Raw request and JSON'));
		const item = el(
			'li',
			{ class: 'xlog-entry', 'data-state': 'pending', 'data-step': example.id },
			el(
				'div',
				{ class: 'xlog-line' },
				el('span', { class: 'xlog-method' }, request.method),
				' ',
				el('span', { class: 'xlog-path' }, shortPath(request.readableUrl, baseUrl)),
			),
			el(
				'div',
				{ class: 'xlog-meta' },
				status,
				meta,
				' · step ',
				el('a', { href: this.#hrefOf(example), class: 'xlog-step' }, example.title),
			),
			raw,
		);
		if (isSync) item.dataset['sync'] = '';
		this.#list.prepend(item);
		while (this.#list.children.length > keptEntries) this.#list.lastElementChild?.remove();

		const requestText = describeRequest(request, baseUrl, secrets);
		let responseText = 'No answer yet.';
		// The JSON is turned into text only when someone opens the entry.
		raw.addEventListener('toggle', () => {
			if (!raw.open || raw.querySelector('pre')) return;
			raw.append(
				el('p', { class: 'xlog-label' }, 'Request'),
				el('pre', { class: 'xlog-pre', tabindex: '0' }, requestText),
				el('p', { class: 'xlog-label' }, 'Response'),
				el('pre', { class: 'xlog-pre', tabindex: '0' }, responseText),
			);
		});
		const show = (text: string) => {
			responseText = text;
			const pres = raw.querySelectorAll('pre');
			if (pres[1]) pres[1].textContent = text;
		};

		return {
			answered(result) {
				const good = result.status === example.expect.status;
				item.dataset['state'] = good ? 'good' : 'bad';
				status.textContent = `${result.status} ${result.statusText}`.trim();
				meta.textContent = ` · ${Math.round(result.ms)} ms · ${clock(started)}`;
				const body =
					result.json === undefined
						? redactText(result.text, secrets)
						: JSON.stringify(redactJson(result.json, secrets), null, 2);
				show(`HTTP ${result.status} ${result.statusText}\n\n${cut(body)}`);
			},
			cancelled() {
				item.dataset['state'] = 'cancelled';
				status.textContent = 'cancelled';
				meta.textContent = ` · ${clock(started)}`;
				show('Cancelled by the app before the homeserver answered.');
			},
			failed(reason) {
				item.dataset['state'] = 'failed';
				status.textContent = 'no answer';
				const seconds = Math.round((Date.now() - started) / 100) / 10;
				meta.textContent = ` · ${seconds} s · ${clock(started)}`;
				show(reason);
			},
		};
	}

	/** Empties the log. */
	clear(): void {
		this.#list.replaceChildren();
	}
}

function clock(at: number): string {
	return new Date(at).toLocaleTimeString();
}

function cut(text: string): string {
	if (text.length <= shownCharacters) return text;
	const rest = text.length - shownCharacters;
	const note = `… ${rest} more characters (see the browser's network tab)`;
	return `${text.slice(0, shownCharacters)}\n${note}`;
}

// The path and query as a person reads them; the base URL is the same for every call.
function shortPath(readableUrl: string, baseUrl: string): string {
	const base = normalizeBaseUrl(baseUrl);
	return readableUrl.startsWith(base) ? readableUrl.slice(base.length) : readableUrl;
}

function describeRequest(
	request: BuiltRequest,
	baseUrl: string,
	secrets: readonly string[],
): string {
	const lines = [`${request.method} ${shortPath(request.readableUrl, baseUrl)}`];
	for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
	if (request.body !== null) {
		let body: string;
		try {
			body = JSON.stringify(redactJson(JSON.parse(request.body), secrets), null, 2);
		} catch {
			body = request.body;
		}
		lines.push('', body);
	}
	return redactText(lines.join('\n'), secrets);
}
