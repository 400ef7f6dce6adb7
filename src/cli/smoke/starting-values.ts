import { dynamicValue, type DynamicValues } from '../../matrix/dynamic-values.ts';
import type { PlacedExample } from '../../matrix/example.ts';
import { missingDefaults } from '../../matrix/guide.ts';
import { fillTemplate } from '../../matrix/template.ts';
import { isSecretVariable } from '../../matrix/variables.ts';
import type { Secrets } from './secrets.ts';

/** What a run starts from before any step has captured anything. */
export interface StartingValuesOptions {
	readonly examples: readonly PlacedExample[];
	readonly baseUrl: string;
	/** Values known already, e.g. a given account's `me.accessToken`. */
	readonly seeded: Readonly<Record<string, string>>;
	readonly dynamic: DynamicValues;
	readonly secrets: Secrets;
}

/**
 * The base URL, the seeded values, and the guide's `@default` values, such as
 * fresh usernames and passwords, generated as the panels make them. Secrets
 * among them are remembered for redaction before anything is sent.
 */
export function startingValues(options: StartingValuesOptions): Record<string, string> {
	const values: Record<string, string> = { baseUrl: options.baseUrl, ...options.seeded };
	const fill = (template: string) =>
		fillTemplate(template, (name) =>
			name.startsWith('$') ? dynamicValue(name, options.dynamic) : values[name],
		).text;
	Object.assign(values, missingDefaults(options.examples, values, fill));
	for (const [name, value] of Object.entries(values)) {
		if (isSecretVariable(name)) options.secrets.add(value);
	}
	return values;
}
