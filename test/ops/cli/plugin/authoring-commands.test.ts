import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBuildCommand } from '../../../../ops/cli/plugin/build-command.js';
import { runNewCommand } from '../../../../ops/cli/plugin/new-command.js';
import { runTestCommand } from '../../../../ops/cli/plugin/test-command.js';
import { UsageError } from '../../../../ops/cli/cli-args.js';

const root = mkdtempSync(join(tmpdir(), 'gantry-plugin-new-'));
let output: string[] = [];

beforeEach(() => {
  output = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('gantry plugin new / build / test', () => {
  for (const lang of ['ts', 'as'] as const) {
    it(`plugin authoring - a scaffolded ${lang} plugin builds and passes its own test`, async () => {
      const dir = join(root, `hello-${lang}`);
      expect(await runNewCommand([`hello-${lang}`, '--lang', lang, '--dir', dir])).toBe(0);
      expect(await runBuildCommand([dir])).toBe(0);
      expect(output.join('')).toMatch(new RegExp(`built hello-${lang}@0\\.1\\.0 \\(${lang === 'ts' ? 'ts' : 'wasm'}\\): .*plugin\\.${lang === 'ts' ? 'js' : 'wasm'}`));
      output = [];
      expect(await runTestCommand([dir])).toBe(0);
      expect(output.join('')).toContain(`hello-${lang}@0.1.0: 2 of 2 cases passed`);
    }, 120_000);
  }

  it('plugin authoring - a failing case is reported with what differs, and exits 1', async () => {
    const dir = join(root, 'strict');
    await runNewCommand(['strict', '--lang', 'ts', '--dir', dir]);
    const fixtures = JSON.parse(readFileSync(join(dir, 'plugin.test.json'), 'utf8')) as { cases: { expect: Record<string, unknown> }[] };
    fixtures.cases[0] = { ...fixtures.cases[0], expect: { reply: { code: 'NoAccessForThisAppId' } } } as { expect: Record<string, unknown> };
    writeFileSync(join(dir, 'plugin.test.json'), JSON.stringify(fixtures));
    output = [];
    expect(await runTestCommand([dir])).toBe(1);
    expect(output.join('')).toContain('replied AccessControlForbidden, expected NoAccessForThisAppId');
  }, 60_000);

  it('plugin authoring - new refuses a bad name, a missing --lang and an existing plugin', async () => {
    await expect(runNewCommand(['Bad Name', '--lang', 'ts'])).rejects.toBeInstanceOf(UsageError);
    await expect(runNewCommand(['ok-name'])).rejects.toThrow('--lang ts or --lang as');
    const dir = join(root, 'twice');
    await runNewCommand(['twice', '--lang', 'as', '--dir', dir]);
    await expect(runNewCommand(['twice', '--lang', 'as', '--dir', dir])).rejects.toThrow('never overwrites');
  });
});
