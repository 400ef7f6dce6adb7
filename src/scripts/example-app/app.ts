import type { PlacedExample } from '../../matrix/example.ts';
import { serverNameOf } from '../../matrix/variables.ts';
import { el } from '../dom.ts';
import { exampleHref, guideContext, type GuideContext } from '../guide-context.ts';
import type { Change } from '../session-store.ts';
import { ClientState } from './client-state.ts';
import { Composer, Outbox } from './composer.ts';
import * as calls from './guide-calls.ts';
import { renderMembers } from './member-list.ts';
import { RequestLog } from './request-log.ts';
import { joinTargetProblem, readCreateForm, userIdProblem } from './room-forms.ts';
import { RoomList } from './room-list.ts';
import type { RoomModel } from './room-model.ts';
import { StepRunner } from './run-step.ts';
import { SignIn } from './sign-in.ts';
import { pauseWithPage, SyncLoop } from './sync-loop.ts';
import { SyncStatusLine } from './sync-status.ts';
import { TimelineView } from './timeline.ts';

// Every call the app makes is one of these guide steps; it checks they exist.
const neededSteps = [
	'login',
	'register-start',
	'register-finish',
	'sync-initial',
	'sync-since',
	'sync-long-poll',
	'create-room',
	'create-public-room',
	'join-alias',
	'join-invite',
	'leave',
	'invite',
	'members',
	'messages',
	'send-message',
];

/** What the app has while someone is signed in; all of it in memory. */
interface Session {
	readonly userId: string;
	readonly state: ClientState;
	readonly loop: SyncLoop;
	readonly timeline: TimelineView;
	readonly outbox: Outbox;
	readonly detach: () => void;
	selected: string | null;
	/** A room just created or joined, opened as soon as the sync brings it. */
	opening: string | null;
	readonly membersLoaded: Set<string>;
	historyBusy: boolean;
}

function partOf<T extends Element>(
	root: ParentNode,
	role: string,
	kind: { new (): T; prototype: T },
): T {
	const found = root.querySelector(`[data-role="${role}"]`);
	if (!(found instanceof kind)) {
		throw new Error(`The example app's markup has no ${kind.name} [data-role="${role}"].`);
	}
	return found;
}

/**
 * `<matrix-example-app>`: a small Matrix client made only of the guide's
 * steps, run with the app's values, and signed in with the guide's session.
 */
export class ExampleApp extends HTMLElement {
	#context!: GuideContext;
	#steps!: StepRunner;
	#log!: RequestLog;
	#signIn!: SignIn;
	#roomList!: RoomList;
	#composer!: Composer;
	#session: Session | null = null;
	#notice = '';
	#status!: SyncStatusLine;
	#unsubscribe: (() => void) | null = null;

	connectedCallback(): void {
		if (this.#unsubscribe) return;
		this.#context = guideContext();
		// Without this script the frame stays hidden and the <noscript> note says why.
		this.#part('bar').hidden = false;
		const missing = neededSteps.filter((id) => !this.#context.byId.has(id));
		if (missing.length > 0) {
			this.#text('who', `The app cannot run: the guide lacks the steps ${missing.join(', ')}.`);
			return;
		}
		this.#log = new RequestLog(this.#part('log'), (example) =>
			exampleHref(example, this.#context.base),
		);
		this.#steps = new StepRunner(this.#context, this.#log);
		this.#steps.onTokenRejected = (example) => this.#tokenRejected(example);
		this.#status = new SyncStatusLine(this.#part('sync'), this.#part('retry-sync'));
		this.#signIn = new SignIn(
			{
				sessionText: this.#part('session-text'),
				hint: this.#part('signin-hint'),
				useSession: this.#control('use-session', HTMLButtonElement),
				form: this.#control('account-form', HTMLFormElement),
				error: this.#part('signin-error'),
			},
			this.#context,
			this.#steps,
			(userId) => this.#open(userId),
		);
		this.#roomList = new RoomList(this.#part('invites'), this.#part('rooms'), {
			open: (roomId) => this.#openRoom(roomId),
			accept: (roomId) => void this.#answerInvite(roomId, true),
			decline: (roomId) => void this.#answerInvite(roomId, false),
		});
		this.#composer = new Composer(this.#control('composer', HTMLFormElement), (text) => {
			const session = this.#session;
			if (session?.selected) void session.outbox.send(session.selected, text);
		});
		this.#wireControls();
		this.#unsubscribe = this.#context.store.subscribe((change) => this.#onSessionChange(change));
		this.#showSignIn();
		this.#part('layout').hidden = false;
		this.dataset['ready'] = '';
	}

	disconnectedCallback(): void {
		this.#close();
		this.#unsubscribe?.();
		this.#unsubscribe = null;
	}

	#part(role: string): HTMLElement {
		return partOf(this, role, HTMLElement);
	}

	#control<T extends HTMLElement>(role: string, kind: { new (): T; prototype: T }): T {
		return partOf(this, role, kind);
	}

	#text(role: string, text: string): void {
		this.#part(role).textContent = text;
	}

	#wireControls(): void {
		this.#control('stop', HTMLButtonElement).addEventListener('click', () => {
			this.#close("The app stopped. The guide's session still has your token.");
		});
		this.#control('retry-sync', HTMLButtonElement).addEventListener('click', () => {
			this.#session?.loop.retryNow();
		});
		this.#control('clear-log', HTMLButtonElement).addEventListener('click', () =>
			this.#log.clear(),
		);
		const showSync = this.#control('show-sync', HTMLInputElement);
		showSync.addEventListener('change', () => {
			this.#part('log').toggleAttribute('data-hide-sync', !showSync.checked);
		});
		this.#control('back', HTMLButtonElement).addEventListener('click', () => {
			const left = this.#session?.selected;
			this.#showRoom(null);
			// The back button just went away with the room; the room's row takes the focus.
			if (left) this.#roomList.focus(left);
		});
		this.#control('leave', HTMLButtonElement).addEventListener('click', () => void this.#leave());
		const toggle = this.#control('members-toggle', HTMLButtonElement);
		toggle.addEventListener('click', () => {
			const box = this.#part('members-box');
			box.hidden = !box.hidden;
			toggle.setAttribute('aria-expanded', String(!box.hidden));
		});
		this.#onSubmit('create-form', (form) => this.#createRoom(form));
		this.#onSubmit('join-form', (form) => this.#join(form));
		this.#onSubmit('invite-form', (form) => this.#invite(form));
	}

	// A form's buttons stay disabled while its call runs.
	#onSubmit(role: string, action: (form: HTMLFormElement) => Promise<void>): void {
		const form = this.#control(role, HTMLFormElement);
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			const buttons = [...form.querySelectorAll('button')];
			if (buttons.some((button) => button.disabled)) return;
			for (const button of buttons) button.disabled = true;
			void action(form).finally(() => {
				for (const button of buttons) button.disabled = false;
			});
		});
	}

	#showSignIn(): void {
		this.#part('signin').hidden = false;
		this.#part('client').hidden = true;
		this.#part('stop').hidden = true;
		this.#text('who', 'Not signed in.');
		this.#signIn.render(this.#notice);
	}

	#open(userId: string): void {
		this.#close();
		this.#notice = '';
		const state = new ClientState(userId);
		const timeline = new TimelineView(
			{
				scroller: this.#part('timeline'),
				list: this.#part('events'),
				history: this.#part('history'),
			},
			userId,
			() => void this.#loadEarlier(),
		);
		const loop = new SyncLoop({
			sync: (since, signal, quick) => calls.syncOnce(this.#steps, since, signal, quick),
			onBatch: (json, initial) => this.#onBatch(json, initial),
			onStatus: (status) => this.#status.show(status),
		});
		const outbox = new Outbox(
			(roomId, text, txnId) => calls.sendMessage(this.#steps, roomId, text, txnId),
			timeline,
		);
		this.#session = {
			userId,
			state,
			loop,
			timeline,
			outbox,
			detach: pauseWithPage(loop),
			selected: null,
			opening: null,
			membersLoaded: new Set(),
			historyBusy: false,
		};
		this.#roomList.clear();
		this.#part('signin').hidden = true;
		this.#part('client').hidden = false;
		this.#part('stop').hidden = false;
		this.#text('who', `Signed in as ${userId}`);
		this.#text('alias-server', `:${serverNameOf(userId) ?? ''}`);
		this.#renderLists();
		this.#showRoom(null);
		loop.start();
		if (document.visibilityState === 'hidden') loop.pause('hidden');
	}

	#close(notice?: string): void {
		const session = this.#session;
		if (notice !== undefined) this.#notice = notice;
		if (!session) return;
		this.#session = null;
		session.detach();
		session.loop.stop();
		this.#roomList.clear();
		this.#part('events').replaceChildren();
		this.#showSignIn();
	}

	#tokenRejected(example: PlacedExample): void {
		this.#close(
			'The homeserver no longer accepts this token (logged out, or the server was reset). ' +
				'Log in again.',
		);
		const { store } = this.#context;
		store.remove(['me.accessToken']);
		store.set({ 'me.tokenState': 'expired' }, example.id);
	}

	#onSessionChange(change: Change): void {
		const session = this.#session;
		if (change === 'homeserver') {
			this.#close('You chose another homeserver; sign in there to use the app.');
			this.#signIn.render(this.#notice);
			return;
		}
		if (!session) {
			this.#signIn.render(this.#notice);
			return;
		}
		// The panels or the session bar changed who "me" is, or ended its token.
		const values = this.#context.store.values();
		if (values['me.accessToken'] === undefined) {
			this.#close("The session's token is gone (logged out or expired). Sign in again.");
		} else if (values['me.userId'] !== session.userId) {
			this.#close(`The guide's session now signs in as ${values['me.userId'] ?? 'nobody'}.`);
		}
	}

	#onBatch(json: unknown, initial: boolean): void {
		const session = this.#session;
		if (!session) return;
		const changes = session.state.applySync(json, !initial);
		const selected = session.selected;
		if (selected !== null && changes.left.has(selected)) {
			const ending = changes.left.get(selected);
			const byOther = ending !== undefined && ending.sender !== session.userId;
			this.#showRoom(
				null,
				byOther ? `${ending.sender} removed you from the room.` : 'You left the room.',
			);
		} else if (selected !== null) {
			const room = session.state.rooms.get(selected);
			if (room) {
				if (changes.reset.has(selected)) session.timeline.show(room);
				else session.timeline.append(changes.events.get(selected) ?? []);
				room.unread = 0;
				this.#renderRoomHeader(room);
			}
		}
		const opening = session.opening;
		if (opening !== null && session.state.rooms.has(opening)) {
			session.opening = null;
			this.#openRoom(opening);
		}
		this.#renderLists();
	}

	#renderLists(): void {
		const session = this.#session;
		if (!session) return;
		this.#roomList.render(session.state, session.selected);
		this.#part('no-rooms').hidden = session.state.rooms.size > 0;
		this.#part('invites-box').hidden = session.state.invites.size === 0;
	}

	#openRoom(roomId: string): void {
		const session = this.#session;
		if (!session) return;
		const room = session.state.rooms.get(roomId);
		if (!room) {
			session.opening = roomId;
			return;
		}
		const wasListShown = this.dataset['view'] !== 'room';
		session.selected = roomId;
		room.unread = 0;
		this.dataset['view'] = 'room';
		this.#part('room').hidden = false;
		this.#part('no-room').hidden = true;
		this.#text('room-error', '');
		session.timeline.show(room);
		session.timeline.history(room, session.historyBusy ? 'loading' : 'idle');
		this.#renderRoomHeader(room);
		this.#renderLists();
		this.#composer.enabled = true;
		// On a narrow screen the list just went away; the room's name takes the focus.
		if (wasListShown && this.#part('rooms-pane').offsetParent === null) {
			this.#part('room-name').focus();
		}
		if (!session.membersLoaded.has(roomId)) void this.#loadMembers(room);
	}

	#showRoom(roomId: null, notice = ''): void {
		const session = this.#session;
		if (session) session.selected = roomId;
		this.dataset['view'] = 'list';
		this.#part('room').hidden = true;
		this.#part('no-room').hidden = false;
		this.#text('no-room', notice || 'Pick a room to see its messages, or create one.');
		this.#composer.enabled = false;
		this.#renderLists();
	}

	#renderRoomHeader(room: RoomModel): void {
		const session = this.#session;
		if (!session) return;
		const alias = room.alias();
		const topic = room.topic();
		this.#text('room-name', room.displayName(session.userId));
		this.#part('room-sub').replaceChildren(
			alias ? el('span', { class: 'xapp-room-alias' }, alias) : '',
			topic ? el('span', { class: 'xapp-topic' }, topic) : '',
			!alias && !topic ? el('span', { class: 'xapp-room-alias' }, room.roomId) : '',
		);
		renderMembers(this.#part('members'), this.#part('members-toggle'), room, session.userId);
	}

	async #loadMembers(room: RoomModel): Promise<void> {
		const session = this.#session;
		if (!session) return;
		const answer = await calls.fetchMembers(this.#steps, room.roomId);
		if (this.#session !== session || !answer.ok) return;
		session.state.applyMembers(room.roomId, answer.value);
		session.membersLoaded.add(room.roomId);
		if (session.selected === room.roomId) this.#renderRoomHeader(room);
	}

	async #loadEarlier(): Promise<void> {
		const session = this.#session;
		const room = session?.selected ? session.state.rooms.get(session.selected) : undefined;
		if (!session || !room || session.historyBusy || room.reachedStart) return;
		session.historyBusy = true;
		session.timeline.history(room, 'loading');
		const answer = await calls.fetchHistory(this.#steps, room.roomId, room.prevBatch);
		session.historyBusy = false;
		if (this.#session !== session || session.selected !== room.roomId) return;
		if (!answer.ok) {
			session.timeline.history(room, 'error', answer.problem);
			return;
		}
		session.timeline.prepend(session.state.applyHistory(room.roomId, answer.value));
		session.timeline.history(room, 'idle');
	}

	async #createRoom(form: HTMLFormElement): Promise<void> {
		const made = await calls.createRoom(this.#steps, readCreateForm(form));
		this.#text('rooms-error', made.ok ? '' : made.problem);
		if (!made.ok) return;
		form.reset();
		this.#control('create-box', HTMLDetailsElement).open = false;
		this.#openRoom(made.value);
	}

	async #join(form: HTMLFormElement): Promise<void> {
		const target = String(new FormData(form).get('target') ?? '').trim();
		const problem = joinTargetProblem(target);
		const joined = problem
			? { ok: false as const, problem }
			: await calls.joinRoom(this.#steps, target);
		this.#text('rooms-error', joined.ok ? '' : joined.problem);
		if (!joined.ok) return;
		form.reset();
		this.#openRoom(joined.value);
	}

	async #answerInvite(roomId: string, accept: boolean): Promise<void> {
		const session = this.#session;
		if (!session || this.#roomList.busy.has(roomId)) return;
		this.#roomList.busy.add(roomId);
		this.#renderLists();
		const answered = await calls.answerInvite(this.#steps, roomId, accept);
		this.#roomList.busy.delete(roomId);
		if (this.#session !== session) return;
		this.#text('rooms-error', answered.ok ? '' : answered.problem);
		if (answered.ok) session.state.invites.delete(roomId);
		if (answered.ok && accept) this.#openRoom(roomId);
		this.#renderLists();
	}

	async #leave(): Promise<void> {
		const session = this.#session;
		const roomId = session?.selected;
		if (!session || !roomId) return;
		const name = session.state.rooms.get(roomId)?.displayName(session.userId) ?? roomId;
		const left = await calls.leaveRoom(this.#steps, roomId);
		if (this.#session !== session) return;
		if (!left.ok) {
			this.#text('room-error', left.problem);
			return;
		}
		// Gone from the list at once; the sync's `rooms.leave` then finds nothing to remove.
		session.state.rooms.delete(roomId);
		this.#showRoom(null, `You left ${name}.`);
	}

	async #invite(form: HTMLFormElement): Promise<void> {
		const roomId = this.#session?.selected;
		if (!roomId) return;
		const userId = String(new FormData(form).get('userId') ?? '').trim();
		const problem = userIdProblem(userId);
		const invited = problem
			? { ok: false as const, problem }
			: await calls.inviteUser(this.#steps, roomId, userId);
		this.#text('invite-status', invited.ok ? `Invited ${userId}.` : invited.problem);
		if (invited.ok) form.reset();
	}
}

if (!customElements.get('matrix-example-app')) {
	customElements.define('matrix-example-app', ExampleApp);
}
