import { redactText } from '../../matrix/redact.ts';

/** Every secret a run has met, and the one way to turn text into printable text. */
export interface Secrets {
	/** Remembers a token or password; empty and missing values are ignored. */
	add(value: string | undefined): void;
	/** The text with every remembered secret masked. */
	redact(text: string): string;
}

/** A fresh set of secrets, seeded with those known before the run starts. */
export function createSecrets(initial: Iterable<string | undefined> = []): Secrets {
	const known = new Set<string>();
	const add = (value: string | undefined) => {
		if (value) known.add(value);
	};
	for (const value of initial) add(value);
	return { add, redact: (text) => redactText(text, known) };
}
