import type { Account } from '../../matrix/example.ts';
import { describeVersions } from './check-versions.ts';
import type { Homeserver } from './find-homeserver.ts';
import type { AccountStart } from './prepare-accounts.ts';
import { summarize, type StepOutcome, type StepResult } from './step-result.ts';

const labels: Record<StepOutcome, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' };

/** "412 ms" or "1.3 s". */
export function formatMs(ms: number): string {
	return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The lines for one finished step: outcome, name, HTTP status and time, then
 * why it failed or was skipped, then notes, each indented under it.
 */
export function formatStep(result: StepResult, idWidth: number): string[] {
	const status = result.status === null ? '-' : String(result.status);
	const time = result.url === null ? '' : formatMs(result.ms);
	const head =
		`${labels[result.outcome]}  ${result.id.padEnd(idWidth)}  ${status.padStart(3)}  ` +
		`${time.padStart(7)}  ${result.title}`;
	const why = result.outcome === 'skipped' ? [result.reason ?? ''] : result.problems;
	return [
		head,
		...why.map((line) => `      ${line}`),
		...result.notes.map((line) => `      note: ${line}`),
	];
}

/** The closing lines: counts and time, and which steps failed. */
export function formatSummary(steps: readonly StepResult[], ms: number): string[] {
	const { total, passed, failed, skipped } = summarize(steps);
	const lines = [
		`${total} steps in ${formatMs(ms)}: ` +
			`${passed} passed, ${failed} failed, ${skipped} skipped.`,
	];
	const failing = steps.filter((step) => step.outcome === 'failed');
	if (failing.length > 0) {
		lines.push(`Failed: ${failing.map((step) => `${step.id} (${step.title})`).join(', ')}.`);
	}
	return lines;
}

// Never says "registered": the header comes before the steps that would do it.
function describeAccount(start: AccountStart): string {
	if (start.kind === 'register') return "a new account, which the guide's registration steps make";
	if (start.userId) return `the given account ${start.userId}`;
	return `the given account "${start.label}"; its user ID comes with the login step`;
}

/** The opening lines: where the run goes, what the server offers, whose accounts. */
export function formatHeader(
	home: Homeserver,
	accounts: Readonly<Record<Account, AccountStart>>,
): string[] {
	const login = home.login.types.length > 0 ? home.login.types.join(', ') : 'not listed';
	return [
		`Smoke test of ${home.baseUrl} (${home.how})`,
		`  versions: ${describeVersions(home.versions)}; login: ${login}`,
		`  me: ${describeAccount(accounts.me)}`,
		`  friend: ${describeAccount(accounts.friend)}`,
	];
}
