import type { SandboxContext } from './context.ts';
import { newAccessToken, newDeviceId } from './ids.ts';

/** What register and login answer with after a successful sign-in. */
export interface SignIn {
	user_id: string;
	access_token: string;
	device_id: string;
}

/**
 * Issues a fresh access token for a device, creating the device if needed. The
 * device's older tokens stop working, which the spec allows ("may invalidate").
 */
export function signIn(
	ctx: SandboxContext,
	userId: string,
	deviceId: string | undefined,
	displayName: string | undefined,
): SignIn {
	const device = deviceId ?? newDeviceId();
	const accessToken = newAccessToken();
	ctx.store.deleteDevice(userId, device);
	ctx.store.addDeviceSession({
		accessToken,
		userId,
		deviceId: device,
		...(displayName !== undefined && { displayName }),
	});
	return { user_id: userId, access_token: accessToken, device_id: device };
}
