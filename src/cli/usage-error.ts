/** A mistake in how the command was called; the CLI prints it and exits with 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/** Reads a port option: an integer from 0 to 65535. */
export function parsePort(value: string | undefined, option: string, fallback: number): number {
	if (value === undefined) return fallback;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new UsageError(`--${option} must be a port number from 0 to 65535, got "${value}".`);
	}
	return port;
}

/** Turns a listen failure into a sentence that says what to do. */
export function explainListenError(
	error: unknown,
	what: string,
	host: string,
	port: number,
	option: string,
): Error {
	const code = (error as { code?: string } | null)?.code;
	if (code === 'EADDRINUSE') {
		return new UsageError(
			`Port ${port} on ${host} is already in use, so the ${what} cannot start there. Stop whatever is using it, or pick another port with --${option}.`,
		);
	}
	if (code === 'EACCES') {
		return new UsageError(
			`Not allowed to listen on ${host}:${port} for the ${what}; pick a port above 1023 with --${option}.`,
		);
	}
	return error instanceof Error ? error : new Error(String(error));
}
