import { ok, type Route } from '../router.ts';
import { defaultRoomVersion, supportedRoomVersions } from '../room-versions.ts';

// Every stable spec version from v1.1 to v1.18; r0 was retired in v1.1 and
// the sandbox serves only `/v3` (and `/v1`) paths, unless legacy paths are on.
const versions = Array.from({ length: 18 }, (_, i) => `v1.${i + 1}`);

// The r0 releases Synapse still lists, for clients that only speak r0.
const legacyVersions = [
	'r0.0.1',
	'r0.1.0',
	'r0.2.0',
	'r0.3.0',
	'r0.4.0',
	'r0.5.0',
	'r0.6.0',
	'r0.6.1',
];

/** Discovery: `.well-known`, `/versions` and `/capabilities`. */
export const discoveryRoutes: Route[] = [
	{
		method: 'GET',
		path: '/.well-known/matrix/client',
		auth: false,
		body: 'none',
		handle: ({ baseUrl }) => ok({ 'm.homeserver': { base_url: baseUrl } }),
	},
	{
		method: 'GET',
		path: '/_matrix/client/versions',
		auth: false,
		body: 'none',
		handle: ({ ctx }) =>
			ok({
				versions: ctx.legacyPaths ? [...legacyVersions, ...versions] : versions,
				unstable_features: {},
			}),
	},
	{
		method: 'GET',
		path: '/_matrix/client/v3/capabilities',
		auth: true,
		body: 'none',
		handle: () =>
			ok({
				capabilities: {
					'm.change_password': { enabled: false },
					'm.room_versions': {
						default: defaultRoomVersion,
						available: Object.fromEntries(supportedRoomVersions.map((v) => [v, 'stable'])),
					},
					'm.set_displayname': { enabled: true },
					'm.set_avatar_url': { enabled: true },
					'm.3pid_changes': { enabled: false },
				},
			}),
	},
];
