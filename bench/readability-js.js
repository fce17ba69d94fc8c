// Prints the article text of an HTML file as Mozilla's Readability.js
// (with jsdom) sees it: the title, a blank line, the text.  Used by
// bench/extract.sh as the peer to vorleserd --extract.  The packages live
// outside the repository, in the folder named by VORLESER_BENCH_CACHE.
'use strict';
const fs = require('fs');
const path = require('path');
const mods = path.join(process.env.VORLESER_BENCH_CACHE || '.', 'node_modules');
const { JSDOM, VirtualConsole } = require(path.join(mods, 'jsdom'));
const { Readability } = require(path.join(mods, '@mozilla/readability'));

const html = fs.readFileSync(process.argv[2], 'utf8');
const dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
const art = new Readability(dom.window.document).parse();
if (art) {
	const text = (art.textContent || '').replace(/\n\s*\n+/g, '\n\n').trim();
	process.stdout.write((art.title || '') + '\n\n' + text + '\n');
}
