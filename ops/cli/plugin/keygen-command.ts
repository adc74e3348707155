/**
 * `gantry plugin keygen`: a new ed25519 signing key pair in NATS nkeys format. The seed goes to a
 * file readable by its owner only (0600, never overwritten); the public key is printed, for the
 * nodes' `--plugin-trust`.
 */
import { open } from 'node:fs/promises';
import { createSigningKey } from '../../../bus/plugins/plugin-signature.js';
import { CliError, parseVerbLine, stringFlag } from '../cli-args.js';
import { outputFlagOption, outputFormat, render } from '../output.js';

export const keygenUsage = `gantry plugin keygen [--out FILE] [-o json]
  Makes a signing key pair (ed25519, NATS nkeys account format). Writes the seed to FILE (default
  gantry-plugin.nk; mode 0600; an existing file is never overwritten) and prints the public key:
  list it in the nodes' --plugin-trust so they accept what this key signs.`;

/** Runs `gantry plugin keygen`. */
export async function runKeygenCommand(args: readonly string[]): Promise<number> {
  const { values: flags } = parseVerbLine(args, { ...outputFlagOption, out: { type: 'string' } }, 0);
  const format = outputFormat(flags.output);
  const path = stringFlag(flags.out) ?? 'gantry-plugin.nk';
  const key = createSigningKey();
  let file;
  try {
    // 'wx': fail if it exists; the mode applies at creation, so the seed is never world-readable.
    file = await open(path, 'wx', 0o600);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliError(code === 'EEXIST' ? `${path} exists: keygen never overwrites a key (choose another --out)` : `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await file.writeFile(`${key.seed}\n`);
  } finally {
    await file.close();
  }
  process.stdout.write(render(format, { publicKey: key.publicKey, seedFile: path }, () => `public key: ${key.publicKey}\nseed written to ${path} (mode 0600): keep it secret\n`));
  return 0;
}
