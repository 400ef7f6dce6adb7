import { MatrixError } from './errors.ts';

/** A token bucket per client: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit {
	perSecond: number;
	burst: number;
}

/** Counts requests per client key and says when one is over its limit. */
export interface RateLimiter {
	/** Takes one request's worth for `key`; 429 M_LIMIT_EXCEEDED when none is left. */
	take(key: string): void;
}

// Buckets idle this long are full again, so they can be forgotten.
const forgetAfterMs = 60_000;

/** Checks a rate limit's numbers; a clear message names the wrong one. */
export function checkRateLimit(limit: RateLimit): void {
	for (const [name, value] of Object.entries(limit)) {
		if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
			throw new RangeError(`rateLimit.${name} must be a number above 0, not ${String(value)}.`);
		}
	}
}

/** Builds a limiter; `now` is a millisecond clock, replaceable in tests. */
export function createRateLimiter(limit: RateLimit, now: () => number): RateLimiter {
	checkRateLimit(limit);
	const buckets = new Map<string, { tokens: number; at: number }>();
	let lastSweep = now();

	const sweep = (time: number) => {
		if (time - lastSweep < forgetAfterMs) return;
		lastSweep = time;
		for (const [key, bucket] of buckets) {
			if (time - bucket.at > forgetAfterMs) buckets.delete(key);
		}
	};

	return {
		take(key) {
			const time = now();
			sweep(time);
			const bucket = buckets.get(key) ?? { tokens: limit.burst, at: time };
			bucket.tokens = Math.min(
				limit.burst,
				bucket.tokens + ((time - bucket.at) / 1000) * limit.perSecond,
			);
			bucket.at = time;
			buckets.set(key, bucket);
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return;
			}
			const waitMs = Math.ceil(((1 - bucket.tokens) / limit.perSecond) * 1000);
			throw new MatrixError(
				429,
				'M_LIMIT_EXCEEDED',
				`Too many requests: this sandbox allows ${limit.perSecond} a second ` +
					`(bursts of ${limit.burst}); try again in ${waitMs} ms.`,
				{ retry_after_ms: waitMs },
			);
		},
	};
}
