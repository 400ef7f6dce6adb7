import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { JsonObject } from './json.ts';
import { createMemoryStore, type MemoryStore } from './memory-store.ts';
import type { SandboxStore, StoredEvent } from './store.ts';

/** The database file inside a sandbox data folder. */
export const databaseFileName = 'sandbox.sqlite';

/** Thrown when another process has the data folder open. */
export class DataDirInUseError extends Error {
	override readonly name = 'DataDirInUseError';
}

const schemaVersion = '1';

// One table per kind of record, each row a JSON document: the sandbox reads it all
// back at start, so nothing needs querying by field except what deletes use. A
// send is one row appended to `events`: its transaction ID lives in the event.
const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (user_id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS profiles (user_id TEXT PRIMARY KEY, profile TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
	access_token TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL,
	record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uia (
	session_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS filters (
	user_id TEXT NOT NULL, filter_id TEXT NOT NULL, filter TEXT NOT NULL,
	PRIMARY KEY (user_id, filter_id));
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rooms (room_id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (stream_pos INTEGER PRIMARY KEY, record TEXT NOT NULL);
`;

/**
 * Opens the folder's database the way the sandbox needs it: WAL, so a commit is
 * one append to the log; and an exclusive lock held while open, so a second
 * sandbox (or the reset script) sees the folder is in use.
 *
 * `synchronous = NORMAL`: in WAL mode a commit is written to the operating system
 * before COMMIT returns, so it survives the process being killed (kill -9), which
 * is what the sandbox promises, and the file always opens cleanly. Only a crash of
 * the whole machine can lose the last commits; FULL would prevent that too, at an
 * fsync per request, which cut sends to a fifth to a half of the memory rate here.
 */
export function openDatabase(dataDir: string): DatabaseSync {
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, databaseFileName);
	const db = new DatabaseSync(file, { timeout: 0 });
	try {
		db.exec('PRAGMA locking_mode = EXCLUSIVE');
		db.exec('PRAGMA journal_mode = WAL');
		db.exec('PRAGMA synchronous = NORMAL');
		// Takes the exclusive lock now rather than at the first write.
		db.exec('BEGIN EXCLUSIVE; COMMIT');
	} catch (error) {
		db.close();
		if (/locked|busy/i.test(String((error as Error).message))) {
			throw new DataDirInUseError(
				`The sandbox data folder ${dataDir} is in use by another process ` +
					'(a running sandbox?); stop it first, or pick another folder with --data.',
				{ cause: error },
			);
		}
		throw error;
	}
	return db;
}

/** True when a process holds the database in the folder open; false when absent or free. */
export function isDataDirInUse(dataDir: string): boolean {
	try {
		openDatabase(dataDir).close();
		return false;
	} catch (error) {
		if (error instanceof DataDirInUseError) return true;
		throw error;
	}
}

const parse = <T>(text: unknown): T => JSON.parse(String(text)) as T;

type Row = Record<string, unknown>;

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: DatabaseSync) {
	const statement = (sql: string): StatementSync => db.prepare(sql);
	return {
		putUser: statement('INSERT OR REPLACE INTO users VALUES (?, ?)'),
		putProfile: statement('INSERT OR REPLACE INTO profiles VALUES (?, ?)'),
		putDevice: statement('INSERT OR REPLACE INTO devices VALUES (?, ?, ?, ?)'),
		deleteToken: statement('DELETE FROM devices WHERE access_token = ?'),
		deleteDevice: statement('DELETE FROM devices WHERE user_id = ? AND device_id = ?'),
		deleteDevices: statement('DELETE FROM devices WHERE user_id = ?'),
		putUia: statement('INSERT OR REPLACE INTO uia VALUES (?, ?, ?)'),
		deleteUia: statement('DELETE FROM uia WHERE session_id = ?'),
		deleteUiaBefore: statement('DELETE FROM uia WHERE created_at < ?'),
		putFilter: statement('INSERT OR REPLACE INTO filters VALUES (?, ?, ?)'),
		putAlias: statement('INSERT OR REPLACE INTO aliases VALUES (?, ?)'),
		deleteAlias: statement('DELETE FROM aliases WHERE alias = ?'),
		putRoom: statement('INSERT OR REPLACE INTO rooms VALUES (?, ?)'),
		putEvent: statement('INSERT INTO events VALUES (?, ?)'),
	};
}

function rows(db: DatabaseSync, sql: string): Row[] {
	return db.prepare(sql).all() as Row[];
}

// Reads every table back into a fresh memory store, in the order the records were made.
function load(db: DatabaseSync): MemoryStore {
	const memory = createMemoryStore();
	for (const row of rows(db, 'SELECT record FROM users')) memory.addUser(parse(row['record']));
	for (const row of rows(db, 'SELECT user_id, profile FROM profiles')) {
		memory.setProfile(String(row['user_id']), parse(row['profile']));
	}
	for (const row of rows(db, 'SELECT record FROM devices ORDER BY rowid')) {
		memory.addDeviceSession(parse(row['record']));
	}
	for (const row of rows(db, 'SELECT record FROM uia')) memory.putUiaSession(parse(row['record']));
	// Filter IDs are each user's 0, 1, 2...; adding them in that order gives the same IDs.
	const filterRows = rows(
		db,
		'SELECT user_id, filter FROM filters ORDER BY user_id, CAST(filter_id AS INTEGER)',
	);
	for (const row of filterRows) {
		memory.addFilter(String(row['user_id']), parse<JsonObject>(row['filter']));
	}
	for (const row of rows(db, 'SELECT record FROM aliases')) memory.putAlias(parse(row['record']));
	for (const row of rows(db, 'SELECT record FROM rooms')) memory.addRoom(parse(row['record']));
	for (const row of rows(db, 'SELECT record FROM events ORDER BY stream_pos')) {
		memory.restoreEvent(parse<StoredEvent>(row['record']));
	}
	return memory;
}

function prepareSchema(db: DatabaseSync) {
	db.exec(schema);
	const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema') as Row | undefined;
	if (row === undefined) {
		db.prepare('INSERT INTO meta VALUES (?, ?)').run('schema', schemaVersion);
	} else if (row['value'] !== schemaVersion) {
		throw new Error(
			`The sandbox database has schema version ${String(row['value'])}, ` +
				`but this sandbox reads version ${schemaVersion}; reset the data folder.`,
		);
	}
}

/**
 * A `SandboxStore` kept in SQLite in `dataDir`. Reads are served from memory, loaded
 * once at start; every write goes to memory and to the database before the request
 * is answered, so reads stay as fast as the memory store's.
 */
export function createSqliteStore(dataDir: string): SandboxStore {
	const db = openDatabase(dataDir);
	let memory: MemoryStore;
	let sql: Statements;
	try {
		prepareSchema(db);
		memory = load(db);
		sql = prepareStatements(db);
	} catch (error) {
		db.close();
		throw error;
	}
	const run = (name: keyof Statements, ...values: Array<string | number>) =>
		void sql[name].run(...values);
	let depth = 0;

	// Memory is written first and the database second; if the database refuses a
	// write, the request fails with 500 and memory keeps it until the next start.
	const store: SandboxStore = {
		...memory,
		addUser(user) {
			memory.addUser(user);
			run('putUser', user.userId, JSON.stringify(user));
		},
		setProfile(userId, profile) {
			memory.setProfile(userId, profile);
			run('putProfile', userId, JSON.stringify(profile));
		},
		addDeviceSession(session) {
			memory.addDeviceSession(session);
			const record = JSON.stringify(session);
			run('putDevice', session.accessToken, session.userId, session.deviceId, record);
		},
		deleteDeviceSession(token) {
			memory.deleteDeviceSession(token);
			run('deleteToken', token);
		},
		deleteDevice(userId, deviceId) {
			memory.deleteDevice(userId, deviceId);
			run('deleteDevice', userId, deviceId);
		},
		deleteAllDevices(userId) {
			memory.deleteAllDevices(userId);
			run('deleteDevices', userId);
		},
		putUiaSession(session) {
			memory.putUiaSession(session);
			run('putUia', session.sessionId, session.createdAt, JSON.stringify(session));
		},
		deleteUiaSession(sessionId) {
			memory.deleteUiaSession(sessionId);
			run('deleteUia', sessionId);
		},
		deleteUiaSessionsBefore(createdAt) {
			memory.deleteUiaSessionsBefore(createdAt);
			run('deleteUiaBefore', createdAt);
		},
		addFilter(userId, filter) {
			const filterId = memory.addFilter(userId, filter);
			run('putFilter', userId, filterId, JSON.stringify(filter));
			return filterId;
		},
		putAlias(record) {
			memory.putAlias(record);
			run('putAlias', record.alias, JSON.stringify(record));
		},
		deleteAlias(alias) {
			memory.deleteAlias(alias);
			run('deleteAlias', alias);
		},
		addRoom(room) {
			memory.addRoom(room);
			run('putRoom', room.roomId, JSON.stringify(room));
		},
		appendEvent(draft) {
			const event = memory.appendEvent(draft);
			run('putEvent', event.streamPos, JSON.stringify(event));
			return event;
		},
		transaction(fn) {
			if (depth > 0) return fn();
			db.exec('BEGIN IMMEDIATE');
			depth++;
			// Committed even when `fn` throws: memory already holds whatever it wrote,
			// and the database must say the same after a restart.
			try {
				return fn();
			} finally {
				depth--;
				db.exec('COMMIT');
			}
		},
		close() {
			if (db.isOpen) db.close();
		},
	};
	return store;
}
