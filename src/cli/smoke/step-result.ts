/** How one guide step ended in a smoke run. */
export type StepOutcome = 'passed' | 'failed' | 'skipped';

/** One guide step as the smoke run saw it; the reporters read only this. */
export interface StepResult {
	readonly id: string;
	readonly title: string;
	/** The guide page's slug and title, e.g. `accounts`, "Accounts". */
	readonly page: string;
	readonly pageTitle: string;
	readonly outcome: StepOutcome;
	readonly method: string;
	/** The URL as sent, query values readable; null when the step was not sent. */
	readonly url: string | null;
	/** The HTTP status of the last answer; null when none came. */
	readonly status: number | null;
	/** Wall time of the step, retries and user-interactive auth stages included. */
	readonly ms: number;
	/** Why it failed, one sentence each; empty unless failed. */
	readonly problems: readonly string[];
	/** Why it was skipped; null unless skipped. */
	readonly reason: string | null;
	/** What else happened on the way: retries, auth stages, long-poll timing. */
	readonly notes: readonly string[];
}

/** A whole run: where it went and what each step did, in page order. */
export interface SmokeRun {
	readonly baseUrl: string;
	/** The spec versions `/versions` listed. */
	readonly versions: readonly string[];
	/** ISO 8601 time the run started. */
	readonly startedAt: string;
	readonly ms: number;
	readonly steps: readonly StepResult[];
	/**
	 * Why the run stopped before its first step (the server is unreachable or
	 * does not suit the guide); null when the steps ran. Steps are empty then.
	 */
	readonly stopped: string | null;
}

/** Counts of a run's outcomes. */
export interface Summary {
	readonly total: number;
	readonly passed: number;
	readonly failed: number;
	readonly skipped: number;
}

/** Counts the outcomes of a list of steps. */
export function summarize(steps: readonly StepResult[]): Summary {
	const count = (outcome: StepOutcome) => steps.filter((s) => s.outcome === outcome).length;
	return {
		total: steps.length,
		passed: count('passed'),
		failed: count('failed'),
		skipped: count('skipped'),
	};
}
