/**
 * The exit status of a command cut short because the reader of its output went
 * away, as in `matrix-howto smoke --sandbox | head -2`: 128 + SIGPIPE (13), what
 * a shell reports for git, seq or cat in the same place.
 */
export const closedOutputStatus = 141;

/**
 * A signal that aborts once standard output or standard error is closed by its
 * reader. Node ignores SIGPIPE and reports the closed pipe as an EPIPE 'error'
 * event instead, which crashes with a stack trace unless someone listens; this
 * listens, so the command can stop quietly at its next chance, and later
 * writes fail without a sound.
 */
export function watchOutput(
	streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
): AbortSignal {
	const controller = new AbortController();
	const closed = new Error('The reader closed standard output or standard error.');
	for (const stream of streams) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			// Anything else, such as a full disk under a redirect, stays the crash it was.
			if (error.code !== 'EPIPE') throw error;
			controller.abort(closed);
		});
	}
	return controller.signal;
}
