/** Generates the `{{$...}}` values; each run asks afresh. */
export interface DynamicValues {
	/** A transaction ID, unique per send: the server dedupes on it. */
	txnId(): string;
	/** Six lowercase letters and digits, for unique usernames and aliases. */
	random(): string;
	/** A passphrase good enough for a sandbox or test account. */
	password(): string;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** The generators used by the panels and the CLI; `crypto` is global in both. */
export const dynamicValues: DynamicValues = {
	txnId: () => `mh-${Date.now().toString(36)}-${randomText(8)}`,
	random: () => randomText(6),
	password: () => `${randomText(5)}-${randomText(5)}-${randomText(5)}`,
};

/** Resolves a `$name` placeholder, or returns undefined for an unknown one. */
export function dynamicValue(name: string, values: DynamicValues): string | undefined {
	switch (name) {
		case '$txnId':
			return values.txnId();
		case '$random':
			return values.random();
		case '$password':
			return values.password();
		default:
			return undefined;
	}
}
