/** Severity of a log line; lines below the logger's level are dropped. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const rank: Record<LogLevel, number> = {
	debug: 10,
	info: 20,
	warn: 30,
	error: 40,
	silent: 100,
};

/** The one logger the sandbox and the CLI share; never pass it a token. */
export interface Logger {
	readonly level: LogLevel;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
	/** A logger that prefixes every line with `[label]`. */
	fork(label: string): Logger;
}

/** Where finished lines go; tests pass an array's push to capture them. */
export type LogSink = (line: string, level: LogLevel) => void;

const stderrSink: LogSink = (line) => {
	process.stderr.write(`${line}\n`);
};

/** Builds a logger that writes lines at or above `level` to `sink`. */
export function createLogger(
	level: LogLevel = 'info',
	sink: LogSink = stderrSink,
	label?: string,
): Logger {
	const emit = (lineLevel: LogLevel, message: string) => {
		if (rank[lineLevel] < rank[level]) return;
		sink(label ? `[${label}] ${message}` : message, lineLevel);
	};
	return {
		level,
		debug: (message) => emit('debug', message),
		info: (message) => emit('info', message),
		warn: (message) => emit('warn', message),
		error: (message) => emit('error', message),
		fork: (child) => createLogger(level, sink, label ? `${label}:${child}` : child),
	};
}

/** A logger that drops everything: the default in tests. */
export const silentLogger: Logger = createLogger('silent');
