#!/usr/bin/env -S node --max-semi-space-size=2
// The flag on the first line keeps V8's young generation small: the sandbox's
// peak memory stays under 150 MB (see npm run bench:sandbox); npm's scripts pass
// the same flag. Plain JavaScript on purpose: an old Node cannot even load the .ts files,
// so this checks the version first and says what to do instead of crashing.
// The floor is Astro 7's: Node 22.23.4.
const [major = 0, minor = 0, patch = 0] = process.versions.node.split('.').map(Number);
const tooOld = major < 22 || (major === 22 && (minor < 23 || (minor === 23 && patch < 4)));
if (tooOld) {
	process.stderr.write(
		`matrix-howto needs Node.js 22.23.4 or newer (Node 24 LTS recommended); this is ${process.version}.\n` +
			'Install a newer Node.js and run the command again.\n',
	);
	process.exit(2);
}
await import('./main.ts');
