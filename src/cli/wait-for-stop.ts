/** Resolves on the first Ctrl-C or SIGTERM, so servers can close cleanly. */
export function waitForStop(): Promise<void> {
	return new Promise((done) => {
		const stop = () => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			done();
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
