import { createRoomRoutes } from './endpoints/create-room.ts';
import { directoryRoutes } from './endpoints/directory.ts';
import { discoveryRoutes } from './endpoints/discovery.ts';
import { filterRoutes } from './endpoints/filter.ts';
import { loginRoutes } from './endpoints/login.ts';
import { membershipRoutes } from './endpoints/membership.ts';
import { messagesRoutes } from './endpoints/messages.ts';
import { profileRoutes } from './endpoints/profile.ts';
import { pushRuleRoutes } from './endpoints/push-rules.ts';
import { registerRoutes } from './endpoints/register.ts';
import { roomEventRoutes } from './endpoints/room-events.ts';
import { syncRoutes } from './endpoints/sync.ts';
import type { Route } from './router.ts';

/** Every endpoint the sandbox serves. */
export const routes: readonly Route[] = [
	...discoveryRoutes,
	...registerRoutes,
	...loginRoutes,
	...createRoomRoutes,
	...directoryRoutes,
	...membershipRoutes,
	...roomEventRoutes,
	...messagesRoutes,
	...profileRoutes,
	...filterRoutes,
	...syncRoutes,
	...pushRuleRoutes,
];
