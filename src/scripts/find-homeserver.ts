import { blockedPortOf, blockedPortSentence } from '../matrix/blocked-port.ts';
import { homeserverUrlProblem, normalizeHomeserver } from '../matrix/homeserver-url.ts';
import { NetworkError, sendRequest } from '../matrix/send-request.ts';
import { serverNameProblem } from '../matrix/server-name.ts';
import { shorten } from '../matrix/shorten.ts';
import { serverNameOf, userIdProblem } from '../matrix/user-id.ts';
import { readWellKnown, wellKnownUrl } from '../matrix/well-known.ts';
import { checkTimeoutMs } from './inspect-homeserver.ts';

/** One line of what the picker did, for the reader to follow. */
export interface PickerStep {
	readonly state: 'good' | 'bad' | 'info';
	readonly text: string;
	/** A few words for the status line, when the step is good news. */
	readonly short?: string;
}

const loopbackName = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;
// A scheme followed by more than a port: a URL, not a server name like localhost:8008.
const urlLike = /^[a-z][a-z0-9+.-]*:(?!\d*$)/i;
const howToType =
	'Type a base URL like http://localhost:8008, a server name like example.org, or a user ID like @alice:example.org.';

/**
 * What the reader typed, quoted back short (a pasted page must not flood the
 * status line) and without a URL's user name and password, which stay unseen.
 */
const quoted = (text: string) =>
	`"${shorten(text.replace(/^([a-z][a-z0-9+.-]*:\/*)[^/?#]*@/i, '$1…@'))}"`;

/**
 * Turns what the reader typed (a base URL, a server name or a user ID) into a
 * base URL, following the spec's client discovery for server names. Reports
 * each step; returns null when there is no base URL to use. A base URL it
 * returns has passed normalizeHomeserver and is on a port browsers allow.
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
		const problem = userIdProblem(text);
		if (problem !== null) {
			report({
				state: 'bad',
				text: `${quoted(text)} is not a user ID: ${problem}. ${howToType}`,
			});
			return null;
		}
		const serverName = serverNameOf(text);
		report({ state: 'info', text: `${text} is a user ID; its server name is ${serverName}.` });
		text = serverName;
	} else if (urlLike.test(text)) {
		const baseUrl = normalizeHomeserver(text);
		if (baseUrl === null) {
			report({
				state: 'bad',
				text: `${quoted(text)} is not a homeserver URL: ${homeserverUrlProblem(text)}. Type one like http://localhost:8008.`,
			});
		}
		return baseUrl;
	}
	const problem = serverNameProblem(text);
	if (problem !== null) {
		report({
			state: 'bad',
			text: `${quoted(text)} is not a server name: ${problem}. ${howToType}`,
		});
		return null;
	}
	// Local homeservers seldom have TLS or a .well-known file: use them as they are.
	if (loopbackName.test(text)) {
		const baseUrl = checked(`http://${text}`, `${text} is on this machine`, report);
		if (baseUrl !== null) {
			report({ state: 'info', text: `${text} is on this machine; using ${baseUrl} directly.` });
		}
		return baseUrl;
	}
	return discover(text.toLowerCase(), report);
}

/** A base URL the picker arrived at, normalized; null (said why) when it is not usable. */
function checked(
	candidate: string,
	how: string,
	report: (step: PickerStep) => void,
): string | null {
	const baseUrl = normalizeHomeserver(candidate);
	if (baseUrl === null) {
		report({
			state: 'bad',
			text: `${how}, but ${quoted(candidate)} is not a usable base URL: ${homeserverUrlProblem(candidate)}. Type the homeserver's base URL instead.`,
		});
	}
	return baseUrl;
}

async function discover(
	serverName: string,
	report: (step: PickerStep) => void,
): Promise<string | null> {
	const url = wellKnownUrl(serverName);
	const blocked = blockedPortOf(url);
	if (blocked !== null) {
		report({
			state: 'bad',
			text: `Discovery: ${url} cannot be read from a browser: ${blockedPortSentence(blocked)}.`,
		});
		return null;
	}
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
	const baseUrl = checked(
		found.baseUrl,
		found.kind === 'found' ? `Discovery: ${url} answered` : `Discovery: no ${url} (404)`,
		report,
	);
	if (baseUrl === null) return null;
	report({
		state: 'info',
		text:
			found.kind === 'found'
				? `Discovery: ${url} points to ${baseUrl}.`
				: `Discovery: no ${url} (404), so the server name itself: ${baseUrl}.`,
	});
	return baseUrl;
}
