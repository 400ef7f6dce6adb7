import { setTheme, themeChoice, type ThemeChoice } from './theme.ts';

const order: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const words: Record<ThemeChoice, string> = {
	system: 'Theme: as the system',
	light: 'Theme: light',
	dark: 'Theme: dark',
};

/** `<matrix-theme-switch>`: one button that cycles system, light and dark. */
export class ThemeSwitch extends HTMLElement {
	connectedCallback(): void {
		const button = this.querySelector('button');
		if (!button) return;
		const show = () => {
			button.textContent = words[themeChoice()];
		};
		button.addEventListener('click', () => {
			const next = order[(order.indexOf(themeChoice()) + 1) % order.length] ?? 'system';
			setTheme(next);
			show();
		});
		show();
	}
}

if (!customElements.get('matrix-theme-switch')) {
	customElements.define('matrix-theme-switch', ThemeSwitch);
}
