/**
 * The URI of an editor's text: named by the kind of body, so one schema entry, with
 * `*` in place of the number, covers every editor of that kind.
 */
export function bodyUri(schemaId: string, editor: number | '*'): string {
	return `inmemory://matrix-howto/bodies/${encodeURIComponent(schemaId)}/${editor}.json`;
}
