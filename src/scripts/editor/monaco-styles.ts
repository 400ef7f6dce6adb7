// Monaco's own stylesheets, as text. The build (vite-plugin-monaco.ts) turns each
// `import './x.css'` inside Monaco into a call here, because Astro would otherwise
// put every stylesheet a page's scripts can reach, even through import(), into the
// page itself. These calls run when Monaco's chunk runs: on the first edit.

let sheet: HTMLStyleElement | undefined;

/** Adds one of Monaco's stylesheets to the page, in the order Monaco imports them. */
export function addMonacoStyle(css: string): void {
	if (!sheet) {
		sheet = document.createElement('style');
		sheet.dataset['editor'] = 'monaco';
		document.head.append(sheet);
	}
	sheet.append(css);
}
