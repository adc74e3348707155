import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Gantry checkout (or installed package) holding the AssemblyScript PDK sources and
 * node_modules, found by walking up from this file: works from the sources and from `dist/`.
 */
export function gantryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'sdk', 'as-pdk', 'assembly', 'gantry', 'index.ts')) && existsSync(join(dir, 'node_modules'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Gantry AssemblyScript PDK (sdk/as-pdk/assembly/gantry)');
    dir = parent;
  }
}
