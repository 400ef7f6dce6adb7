/**
 * The room version new rooms get: Synapse's default, so what a reader sees here
 * (for instance `creator` in `m.room.create`) matches a stock Synapse.
 */
export const defaultRoomVersion = '10';

/** The versions `createRoom` accepts; both use `$`-prefixed hash-style event IDs. */
export const supportedRoomVersions: readonly string[] = ['10', '11'];

/** Room versions 1 to 10 carry `creator` in `m.room.create`; v11 uses the sender instead. */
export const hasCreatorField = (roomVersion: string) => roomVersion !== '11';
