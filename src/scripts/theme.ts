import { themeKey } from './storage-keys.ts';

/** The reader's choice: follow the system, or always light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const media = () => matchMedia('(prefers-color-scheme: dark)');

/** The stored choice; anything unreadable means "system". */
export function themeChoice(): ThemeChoice {
	try {
		const stored = localStorage.getItem(themeKey);
		return stored === 'light' || stored === 'dark' ? stored : 'system';
	} catch {
		return 'system';
	}
}

/** Whether the page is dark right now, by choice or by the system. */
export function isDark(): boolean {
	const choice = themeChoice();
	return choice === 'system' ? media().matches : choice === 'dark';
}

const listeners = new Set<(dark: boolean) => void>();

/** Calls `listener` whenever the page turns dark or light. */
export function onThemeChange(listener: (dark: boolean) => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

function emit(): void {
	for (const listener of listeners) listener(isDark());
}

media().addEventListener('change', () => {
	if (themeChoice() === 'system') emit();
});

/** Stores and applies a choice. */
export function setTheme(choice: ThemeChoice): void {
	try {
		if (choice === 'system') localStorage.removeItem(themeKey);
		else localStorage.setItem(themeKey, choice);
	} catch {
		// Storage blocked: the choice lasts for this page only.
	}
	if (choice === 'system') delete document.documentElement.dataset['theme'];
	else document.documentElement.dataset['theme'] = choice;
	emit();
}
