/**
 * The version of the running Gantry, read once from its package.json. Found by walking up from
 * this file, since it runs both from source (ops/node) and compiled (dist/ops/node).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
        if (manifest.name === 'gantry' && typeof manifest.version === 'string') return manifest.version;
      } catch {
        // An unreadable package.json on the way up is not ours; keep looking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0-unknown';
    dir = parent;
  }
}

/** Gantry's package version (`0.0.0-unknown` when no package.json of Gantry is found). */
export function gantryVersion(): string {
  cached ??= findVersion();
  return cached;
}
