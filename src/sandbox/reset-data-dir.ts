import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileName, DataDirInUseError, isDataDirInUse } from './sqlite-store.ts';

// The database and SQLite's companion files; nothing else in the folder is touched,
// so a mistyped `--data` never deletes someone's files.
const sandboxFiles = ['', '-wal', '-shm', '-journal'].map((end) => `${databaseFileName}${end}`);

/** What `resetDataDir` did. */
export interface ResetOutcome {
	/** The sandbox files deleted. */
	removed: string[];
	/** Whether the folder itself went too (it does once nothing else is in it). */
	folderRemoved: boolean;
}

/**
 * Deletes a sandbox data folder's database, so the next start begins empty.
 * Throws `DataDirInUseError` while a sandbox has it open.
 */
export function resetDataDir(dataDir: string): ResetOutcome {
	if (!existsSync(dataDir)) return { removed: [], folderRemoved: false };
	if (existsSync(join(dataDir, databaseFileName)) && isDataDirInUse(dataDir)) {
		throw new DataDirInUseError(
			`A sandbox has ${dataDir} open; stop it (Ctrl-C) before resetting its data.`,
		);
	}
	const removed = sandboxFiles.filter((name) => existsSync(join(dataDir, name)));
	for (const name of removed) rmSync(join(dataDir, name), { force: true });
	const folderRemoved = readdirSync(dataDir).length === 0;
	if (folderRemoved) rmdirSync(dataDir);
	return { removed, folderRemoved };
}
