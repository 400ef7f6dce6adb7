import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

/** The flag that logs every request, accepted before the command and after it. */
export const verboseFlag = '--verbose';

/** What one command accepts: its name for messages, its options, and whether it takes arguments. */
export interface ArgsSpec<O extends ParseArgsOptionsConfig> {
	/** As the user typed it, e.g. `matrix-howto smoke`. */
	readonly command: string;
	readonly options: O;
	readonly allowPositionals?: boolean;
}

// The arguments before a `--`: after it, everything is an argument, even "--help".
const beforeTerminator = (args: readonly string[]) => {
	const end = args.indexOf('--');
	return end === -1 ? args : args.slice(0, end);
};

/** True when --help or -h stands among the options, whatever else is there. */
export function wantsHelp(args: readonly string[]): boolean {
	return beforeTerminator(args).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * Takes every --verbose out of the options: npm scripts already hold the
 * command, so `npm run smoke -- --verbose` puts the flag after it.
 */
export function takeVerbose(args: readonly string[]): { verbose: boolean; rest: string[] } {
	const end = args.includes('--') ? args.indexOf('--') : args.length;
	const rest = args.filter((arg, index) => index >= end || arg !== verboseFlag);
	return { verbose: rest.length < args.length, rest };
}

const seeHelp = 'Run it with --help to see its options.';

/**
 * Checks the arguments against the command's options, with messages that name
 * the command, then parses them. Node's own messages (about quoting after
 * "--") mislead after `npm run smoke --`, so none of them reaches the user.
 */
export function readArgs<const O extends ParseArgsOptionsConfig>(
	args: string[],
	spec: ArgsSpec<O>,
) {
	const { command, options } = spec;
	const allowPositionals = spec.allowPositionals ?? false;
	const { tokens } = parseArgs({
		args,
		options,
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	for (const token of tokens) {
		if (token.kind === 'positional' && !allowPositionals) {
			throw new UsageError(`"${command}" takes no arguments, got "${token.value}". ${seeHelp}`);
		}
		if (token.kind !== 'option') continue;
		const option = options[token.name];
		if (!option)
			throw new UsageError(`Unknown option ${token.rawName} for "${command}". ${seeHelp}`);
		if (option.type === 'boolean' && token.value !== undefined) {
			throw new UsageError(
				`${token.rawName} of "${command}" takes no value, got "${token.value}". ${seeHelp}`,
			);
		}
		if (option.type !== 'string') continue;
		// Like Node's strict mode: "--port --reset" forgot the port, it did not mean "--reset".
		// The value is not quoted back: it may be a password.
		const optionLike = !token.inlineValue && token.value?.startsWith('-') === true;
		if (token.value === undefined || optionLike) {
			const dash = optionLike
				? ` A value that starts with "-" goes after "=": ${token.rawName}=VALUE.`
				: '';
			throw new UsageError(`${token.rawName} of "${command}" needs a value.${dash} ${seeHelp}`);
		}
	}
	return parseArgs({ args, options, strict: true, allowPositionals });
}
