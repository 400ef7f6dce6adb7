/**
 * Text safe for a terminal: control characters a server put in its answer
 * (escape sequences that clear the screen or recolour it) are shown escaped.
 * Line breaks and tabs stay.
 */
export function printable(text: string): string {
	return text.replace(
		/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
