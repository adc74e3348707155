import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayLogs, LOG_FILE_NAMES, createGatewayLogs } from '../../../core/observe/gateway-logs.js';
import { MemoryLogWriter } from '../../../core/observe/log-writer.js';

const NOW = new Date(2022, 8, 8, 17, 12, 7, 630).getTime();
const RECORD = { traceId: 't1', method: 'GET', path: '/p', resultCode: 1000, latencyMs: 1, frontProtocol: 'Gantry-Http1', nodeId: 'n1' };

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-logs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gateway logs', () => {
  it('gateway logs - closeAll flushes each log to its own file', async () => {
    const logs = createGatewayLogs({ dir, level: 'info' });
    logs.digest.record(RECORD, NOW);
    logs.error.error('t1', 'Pipeline', 'Invoke', 'upstream reset', NOW);
    logs.config.record('file', 'snapshot', 'applied revision 1', NOW);
    await logs.closeAll();
    expect(await readFile(join(dir, LOG_FILE_NAMES.digest), 'utf8')).toMatch(/^2022-09-08 17:12:07,630 \[INFO\] - \[t1\]\(GET,\/p,Y,1000,1ms,/);
    expect(await readFile(join(dir, LOG_FILE_NAMES.error), 'utf8')).toBe(
      '2022-09-08 17:12:07,630 [ERROR] - [t1][Pipeline][Invoke] upstream reset\n',
    );
    expect(await readFile(join(dir, LOG_FILE_NAMES.config), 'utf8')).toBe(
      '2022-09-08 17:12:07,630 - [file][snapshot] applied revision 1\n',
    );
  });

  it('gateway logs - reopenAll starts fresh files after rotation', async () => {
    const logs = createGatewayLogs({ dir });
    try {
      logs.config.record('file', 'snapshot', 'first', NOW);
      await logs.flushAll();
      await rename(join(dir, LOG_FILE_NAMES.config), join(dir, `${LOG_FILE_NAMES.config}.1`));
      logs.reopenAll();
      logs.config.record('file', 'snapshot', 'second', NOW);
    } finally {
      await logs.closeAll();
    }
    expect(await readFile(join(dir, `${LOG_FILE_NAMES.config}.1`), 'utf8')).toContain('first');
    expect(await readFile(join(dir, LOG_FILE_NAMES.config), 'utf8')).toBe('2022-09-08 17:12:07,630 - [file][snapshot] second\n');
  });

  it('gateway logs - setLevel changes what the error log keeps', () => {
    const error = new MemoryLogWriter();
    const logs = new GatewayLogs(new MemoryLogWriter(), error, new MemoryLogWriter(), { level: 'error' });
    logs.error.warn('t', 'C', 'S', 'dropped by level', NOW);
    logs.setLevel('warn');
    logs.error.warn('t', 'C', 'S', 'kept', NOW);
    expect(logs.level).toBe('warn');
    expect(error.lines).toHaveLength(1);
    expect(error.lines[0]).toContain('kept');
  });

  it('gateway logs - without a directory everything is discarded', async () => {
    const logs = createGatewayLogs({ dir: null, digestSampleRatePercent: 50 });
    expect(logs.digest.writer.enabled).toBe(false);
    expect(logs.digest.record(RECORD, NOW)).toBe(false);
    expect(logs.digest.sampleRatePercent).toBe(50);
    await logs.closeAll();
  });

  it('gateway logs - droppedLines sums every writer once', () => {
    const digest = new MemoryLogWriter(1);
    const shared = new MemoryLogWriter(1);
    const logs = new GatewayLogs(digest, shared, shared);
    logs.digest.record(RECORD, NOW);
    logs.digest.record(RECORD, NOW);
    logs.error.error('t', 'C', 'S', 'a', NOW);
    logs.config.record('s', 'k', 'b', NOW);
    expect(logs.droppedLines()).toBe(2);
  });
});
