import { setTheme, themeChoice, type ThemeChoice } from './theme.ts';

const order: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/**
 * `<matrix-theme-switch>`: one button that cycles system, light and dark. Its
 * three labels are in the page already; the button's `data-choice` shows one.
 */
export class ThemeSwitch extends HTMLElement {
	connectedCallback(): void {
		const button = this.querySelector('button');
		if (!button) return;
		const show = () => {
			button.dataset['choice'] = themeChoice();
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
