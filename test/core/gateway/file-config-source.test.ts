import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigCandidate } from '../../../core/gateway/config-source.js';
import { FileConfigSource } from '../../../core/gateway/file-config-source.js';
import type { ApplyOutcome } from '../../../core/snapshot/snapshot-manager.js';
import { pollUntil } from '../pipeline/gateway-calls.js';

describe('file config source', () => {
  let dir: string;
  let source: FileConfigSource | undefined;
  const offered: ConfigCandidate[] = [];

  async function deliver(candidate: ConfigCandidate): Promise<ApplyOutcome> {
    offered.push(candidate);
    return 'issues' in candidate
      ? { kind: 'refused', origin: candidate.origin, issues: candidate.issues, keptRevision: 0, durationMs: 0 }
      : { kind: 'applied', origin: candidate.origin, revision: offered.length, hash: '-', summary: { groups: 0, apis: 0, clusters: 0, bindings: 0 }, durationMs: 0 };
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-file-source-'));
    offered.length = 0;
  });

  afterEach(async () => {
    await source?.close();
    source = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('file config source - start offers the parsed document under the file name', async () => {
    const file = join(dir, 'gantry.yaml');
    await writeFile(file, 'version: 1\ngroups: []\n');
    source = new FileConfigSource(file);
    const outcome = await source.start(deliver);
    expect(outcome.kind).toBe('applied');
    expect(offered).toEqual([{ origin: 'gantry.yaml', document: { version: 1, groups: [] } }]);
  });

  it('file config source - a missing file is refused with the reason', async () => {
    source = new FileConfigSource(join(dir, 'absent.yaml'));
    const outcome = await source.start(deliver);
    expect(outcome.kind).toBe('refused');
    const first = offered[0];
    expect(first !== undefined && 'issues' in first ? first.issues[0]?.message : '').toMatch(/^cannot read .*absent\.yaml: ENOENT/);
  });

  it('file config source - a file saved by renaming a new one over it is seen', async () => {
    const file = join(dir, 'gantry.yaml');
    await writeFile(file, 'version: 1\n');
    source = new FileConfigSource(file);
    await source.start(deliver);
    await writeFile(join(dir, '.gantry.yaml.tmp'), 'version: 1\napis: []\n');
    await rename(join(dir, '.gantry.yaml.tmp'), file);
    await pollUntil(() => (offered.length === 2 ? true : undefined), 'the renamed file offered');
    expect(offered[1]).toEqual({ origin: 'gantry.yaml', document: { version: 1, apis: [] } });
  });

  it('file config source - a YAML syntax error is offered as issues with line and column', async () => {
    const file = join(dir, 'gantry.yaml');
    await writeFile(file, 'version: 1\n');
    source = new FileConfigSource(file);
    await source.start(deliver);
    await writeFile(file, 'version: [1\n');
    await pollUntil(() => (offered.length === 2 ? true : undefined), 'the broken file offered');
    const second = offered[1];
    expect(second !== undefined && 'issues' in second ? second.issues[0]?.message : '').toMatch(/^YAML syntax error at line \d+, column \d+/);
  });
});
