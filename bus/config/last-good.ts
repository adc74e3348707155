/**
 * The node's copy of the last config it applied from the bus, so it can start and serve while NATS
 * is down. Written atomically (temp file + rename): a crash mid-write leaves the previous copy.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** File name of the copy inside the node's data directory. */
export const lastGoodFileName = 'last-good.json';

/** What the file holds. */
export interface LastGoodConfig {
  /** Commit revision the document was published at. */
  readonly revision: number;
  /** Change set id of that commit, to recognise the same commit again. */
  readonly cs: string;
  readonly document: unknown;
}

/** Path of the copy for a data directory. */
export function lastGoodPath(dataDir: string): string {
  return join(dataDir, lastGoodFileName);
}

/**
 * Reads the copy; undefined when there is none. A file that is not a copy (hand-edited, truncated
 * by a full disk) is an error, so the caller can say so instead of silently starting empty.
 */
export async function readLastGood(path: string): Promise<LastGoodConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error(`${path}: not a last-good config`);
  const record = value as Record<string, unknown>;
  if (!Number.isSafeInteger(record.revision) || typeof record.cs !== 'string' || !('document' in record)) {
    throw new Error(`${path}: not a last-good config (needs revision, cs, document)`);
  }
  return { revision: record.revision as number, cs: record.cs, document: record.document };
}

/** Replaces the copy atomically, creating the directory if needed. */
export async function writeLastGood(path: string, config: LastGoodConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(config), 'utf8');
  await rename(temp, path);
}
