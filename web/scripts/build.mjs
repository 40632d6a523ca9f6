// `npm run build [-- --outDir DIR --emptyOutDir ...]`: runs `vite build` with the given
// arguments, then the initial-JS size check on the same output directory.
// (npm appends extra arguments only to the last command of a script, so a plain
// "vite build && node scripts/size.mjs" would not pass --outDir to Vite.)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

const built = spawnSync(process.execPath, [vite, 'build', ...args], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const sized = spawnSync(process.execPath, [path.join(root, 'scripts', 'size.mjs'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(sized.status ?? 1);
