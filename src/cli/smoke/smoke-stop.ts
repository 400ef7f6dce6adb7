/**
 * The run cannot start: the server is unreachable or does not suit the guide.
 * The CLI prints the message and exits with 2, like a usage error.
 */
export class SmokeStop extends Error {
	override readonly name = 'SmokeStop';
}
