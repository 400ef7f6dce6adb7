/** Every key the guide writes to web storage, in one place. */
const prefix = 'matrix-howto:v1';

/** The homeserver the reader last chose (localStorage). */
export const homeserverKey = `${prefix}:homeserver`;

/** Captured values that are not secret, per homeserver (localStorage). */
export function valuesKey(baseUrl: string): string {
	return `${prefix}:values:${baseUrl}`;
}

/** Tokens and passwords, per homeserver (sessionStorage: gone with the tab). */
export function secretsKey(baseUrl: string): string {
	return `${prefix}:secrets:${baseUrl}`;
}

/** Each panel's edited body and last response, per homeserver (localStorage). */
export function panelsKey(baseUrl: string): string {
	return `${prefix}:panels:${baseUrl}`;
}

/** "yes" when the reader chose to keep this homeserver's tokens on this device. */
export function rememberKey(baseUrl: string): string {
	return `${prefix}:remember:${baseUrl}`;
}

/** The reader's colour scheme choice: light, dark, or absent for the system's. */
export const themeKey = `${prefix}:theme`;
