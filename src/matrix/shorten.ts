/**
 * Cuts text to at most `max` characters, ending in "…" when cut, so what a
 * reader typed (or a link carried) can be quoted back without flooding the page.
 */
export function shorten(text: string, max = 100): string {
	if (text.length <= max) return text;
	let end = max - 1;
	// Never split a surrogate pair: half an emoji shows as a replacement box.
	const last = text.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end -= 1;
	return `${text.slice(0, end)}…`;
}
