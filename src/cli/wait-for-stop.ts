/**
 * Resolves on the first Ctrl-C or SIGTERM, or when `stop` aborts (the reader
 * closed the output), so servers can close cleanly.
 */
export function waitForStop(stop?: AbortSignal): Promise<void> {
	return new Promise((done) => {
		const finish = () => {
			process.off('SIGINT', finish);
			process.off('SIGTERM', finish);
			stop?.removeEventListener('abort', finish);
			done();
		};
		process.on('SIGINT', finish);
		process.on('SIGTERM', finish);
		if (stop?.aborted) finish();
		else stop?.addEventListener('abort', finish);
	});
}
