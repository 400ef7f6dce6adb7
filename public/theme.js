// Applies the reader's colour scheme as early as it can without holding up the
// first paint (it is deferred). It is a file, not an inline script, so the
// Content-Security-Policy needs no exception for it.
// The key matches themeKey in src/scripts/storage-keys.ts.
try {
	var theme = localStorage.getItem('matrix-howto:v1:theme');
	if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (error) {
	// Storage blocked: the system's scheme applies.
}
