import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Cheap scrypt settings: the sandbox only needs to never keep a plain password,
// and tests register many users.
const cost = { N: 1024, r: 8, p: 1 };
const keyLength = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		scrypt(password, salt, keyLength, cost, (error, key) => (error ? reject(error) : resolve(key)));
	});
}

/** Hashes a password as `salt:key`, both base64url. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt);
	return `${salt.toString('base64url')}:${key.toString('base64url')}`;
}

/** True when `password` matches a hash made by `hashPassword`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [salt, key] = stored.split(':');
	if (salt === undefined || key === undefined) return false;
	const expected = Buffer.from(key, 'base64url');
	const actual = await derive(password, Buffer.from(salt, 'base64url'));
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}
