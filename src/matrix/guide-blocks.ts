/**
 * Finds the runnable examples in a guide page: fenced blocks whose info string
 * is `http`. Reading the raw text keeps the CLI free of the MDX toolchain.
 */
export function extractHttpBlocks(pageSource: string): string[] {
	const blocks: string[] = [];
	const lines = pageSource.replace(/\r\n?/g, '\n').split('\n');
	let fence: string | null = null;
	let inHttp = false;
	let current: string[] = [];
	for (const line of lines) {
		if (fence === null) {
			const open = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
			if (!open) continue;
			fence = open[1] ?? '```';
			inHttp = open[2] === 'http';
			current = [];
			continue;
		}
		if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
			if (inHttp) blocks.push(current.join('\n'));
			fence = null;
			continue;
		}
		current.push(line);
	}
	return blocks;
}
