import { blockedPortOf, blockedPortSentence } from '../matrix/blocked-port.ts';
import { normalizeHomeserver } from '../matrix/homeserver-url.ts';
import { NetworkError, sendRequest } from '../matrix/send-request.ts';
import { isServerName, readWellKnown, wellKnownUrl } from '../matrix/well-known.ts';
import { checkTimeoutMs } from './inspect-homeserver.ts';

/** One line of what the picker did, for the reader to follow. */
export interface PickerStep {
	readonly state: 'good' | 'bad' | 'info';
	readonly text: string;
	/** A few words for the status line, when the step is good news. */
	readonly short?: string;
}

const loopbackName = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Turns what the reader typed (a base URL, a server name or a user ID) into a
 * base URL, following the spec's client discovery for server names. Reports
 * each step; returns null when there is no base URL to use.
 */
export async function findHomeserver(
	input: string,
	report: (step: PickerStep) => void,
): Promise<string | null> {
	const baseUrl = await locate(input, report);
	const blocked = baseUrl === null ? null : blockedPortOf(baseUrl);
	if (blocked !== null) {
		report({
			state: 'bad',
			text: `${baseUrl} cannot be used from a browser: ${blockedPortSentence(blocked)}.`,
		});
		return null;
	}
	return baseUrl;
}

async function locate(input: string, report: (step: PickerStep) => void): Promise<string | null> {
	let text = input.trim().replace(/\/+$/, '');
	if (text === '') {
		report({
			state: 'bad',
			text: 'Type a homeserver: a base URL, a server name, or your user ID.',
		});
		return null;
	}
	if (text.startsWith('@')) {
		const at = text.indexOf(':');
		const serverName = at === -1 ? '' : text.slice(at + 1);
		if (!isServerName(serverName)) {
			report({ state: 'bad', text: `"${text}" is not a user ID like @alice:example.org.` });
			return null;
		}
		report({ state: 'info', text: `${text} is a user ID; its server name is ${serverName}.` });
		text = serverName;
	}
	if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !isServerName(text)) {
		const baseUrl = normalizeHomeserver(text);
		if (baseUrl === null) {
			report({
				state: 'bad',
				text: `"${text}" is not a homeserver URL. Type one like http://localhost:8008.`,
			});
		}
		return baseUrl;
	}
	if (!isServerName(text)) {
		report({ state: 'bad', text: `"${text}" is neither a base URL, a server name nor a user ID.` });
		return null;
	}
	// Local homeservers seldom have TLS or a .well-known file: use them as they are.
	if (loopbackName.test(text)) {
		const baseUrl = `http://${text.toLowerCase()}`;
		report({ state: 'info', text: `${text} is on this machine; using ${baseUrl} directly.` });
		return baseUrl;
	}
	return discover(text.toLowerCase(), report);
}

async function discover(
	serverName: string,
	report: (step: PickerStep) => void,
): Promise<string | null> {
	const url = wellKnownUrl(serverName);
	const request = { method: 'GET', url, readableUrl: url, headers: {}, body: null, generated: {} };
	let answer;
	try {
		answer = await sendRequest(
			request,
			(target, init) => fetch(target, init),
			AbortSignal.timeout(checkTimeoutMs),
		);
	} catch (error) {
		const why =
			error instanceof NetworkError
				? 'no readable answer (down, or without CORS headers)'
				: String(error);
		report({
			state: 'bad',
			text: `Discovery: ${url} gave ${why}. Type the homeserver's base URL instead.`,
		});
		return null;
	}
	const found = readWellKnown(serverName, answer);
	if (found.kind === 'broken') {
		report({
			state: 'bad',
			text: `Discovery: ${url} ${found.problem}. Type the homeserver's base URL instead.`,
		});
		return null;
	}
	report({
		state: 'info',
		text:
			found.kind === 'found'
				? `Discovery: ${url} points to ${found.baseUrl}.`
				: `Discovery: no ${url} (404), so the server name itself: ${found.baseUrl}.`,
	});
	return normalizeHomeserver(found.baseUrl);
}
