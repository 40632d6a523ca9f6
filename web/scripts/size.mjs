// Initial-JS budget check. Reads the built index.html, sums the gzip sizes of the
// JavaScript it loads up front (module scripts and modulepreload links) and fails
// when over budget. The output directory comes from `--outDir DIR` (or `--outDir=DIR`)
// in argv, else $EURIQA_WEB_OUTDIR, else web/dist.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BUDGET = 153600; // 150 KiB gzipped

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function outDir() {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outDir' && argv[i + 1]) return argv[i + 1];
    if (argv[i].startsWith('--outDir=')) return argv[i].slice('--outDir='.length);
  }
  return process.env.EURIQA_WEB_OUTDIR || 'dist';
}
const dir = path.resolve(root, outDir());
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');

const srcs = new Set();
for (const m of html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) srcs.add(m[1]);
for (const m of html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) srcs.add(m[1]);

let total = 0;
for (const src of srcs) {
  if (/^[a-z]+:\/\//i.test(src)) {
    console.error(`external script in index.html: ${src}`);
    process.exit(1);
  }
  const file = path.join(dir, src.replace(/^\//, ''));
  const size = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`  ${src}: ${size} bytes gzipped`);
  total += size;
}
console.log(`initial JS: ${total} bytes gzipped (budget ${BUDGET})`);
if (srcs.size === 0) {
  console.error('no scripts found in index.html');
  process.exit(1);
}
process.exit(total > BUDGET ? 1 : 0);
