import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SonicLogWriter, openLogWriter } from '../../../core/observe/log-file.js';
import { DiscardLogWriter, MemoryLogWriter, resolveLogWriterOptions } from '../../../core/observe/log-writer.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gantry-log-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file log writer', () => {
  it('file writer - appends lines, creating missing directories', async () => {
    const path = join(dir, 'nested', 'a.log');
    const writer = openLogWriter({ kind: 'file', path });
    try {
      writer.write('one');
      writer.write('two');
      await writer.flush();
      expect(await readFile(path, 'utf8')).toBe('one\ntwo\n');
    } finally {
      await writer.close();
    }
  });

  it('file writer - close writes out what is still buffered', async () => {
    const path = join(dir, 'a.log');
    const writer = openLogWriter({ kind: 'file', path });
    writer.write('buffered below the 4 KiB write size');
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe('buffered below the 4 KiB write size\n');
    writer.write('after close');
    expect(writer.droppedLines).toBe(1);
    await writer.close();
  });

  it('file writer - reopen after logrotate moved the file writes to a fresh file', async () => {
    const path = join(dir, 'a.log');
    const writer = openLogWriter({ kind: 'file', path });
    try {
      writer.write('before rotation');
      await writer.flush();
      await rename(path, `${path}.1`);
      writer.write('late line to the old file');
      writer.reopen();
      writer.write('after rotation');
      await writer.flush();
    } finally {
      await writer.close();
    }
    const rotated = await readFile(`${path}.1`, 'utf8');
    const fresh = await readFile(path, 'utf8');
    expect(rotated.startsWith('before rotation\n')).toBe(true);
    expect(fresh.endsWith('after rotation\n')).toBe(true);
    expect(`${rotated}${fresh}`.split('\n').filter(Boolean).sort()).toEqual(
      ['after rotation', 'before rotation', 'late line to the old file'],
    );
  });

  it('file writer - flush and reopen while the file is still opening keep every line', async () => {
    const path = join(dir, 'a.log');
    const writer = openLogWriter({ kind: 'file', path });
    try {
      await writer.flush();
      writer.reopen();
      writer.write('first');
      writer.reopen();
      await writer.flush();
      writer.write('second');
      await writer.flush();
      expect(await readFile(path, 'utf8')).toBe('first\nsecond\n');
    } finally {
      await writer.close();
    }
  });

  it('file writer - drops and counts lines beyond the buffer cap instead of growing', async () => {
    const path = join(dir, 'a.log');
    // Nothing can be written while the file is still opening, so these lines all sit in the buffer.
    const writer = openLogWriter({ kind: 'file', path }, { minLengthBytes: 0, maxBufferBytes: 90 });
    for (let i = 0; i < 20; i++) writer.write(`line-${String(i).padStart(3, '0')}`); // 9 bytes with the newline
    expect(writer.droppedLines).toBe(10);
    await writer.close();
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toEqual(Array.from({ length: 10 }, (_, i) => `line-${String(i).padStart(3, '0')}`));
  });

  it('file writer - an unopenable path counts lines as dropped and recovers on reopen', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'not a directory');
    const path = join(blocker, 'a.log');
    const writer = openLogWriter({ kind: 'file', path });
    try {
      expect(writer).toBeInstanceOf(SonicLogWriter);
      const sonic = writer as SonicLogWriter;
      await vi.waitFor(() => expect(sonic.writeErrors).toBeGreaterThan(0));
      expect(() => writer.write('lost')).not.toThrow();
      expect(writer.droppedLines).toBe(1);
      await writer.flush();

      await rm(blocker);
      writer.reopen();
      writer.write('recovered');
      await writer.flush();
      expect(await readFile(path, 'utf8')).toBe('recovered\n');
    } finally {
      await writer.close();
    }
  });

  it('file writer - a partial buffer reaches the file on the periodic flush', async () => {
    const path = join(dir, 'a.log');
    const writer = openLogWriter({ kind: 'file', path }, { flushIntervalMs: 20 });
    try {
      writer.write('quiet');
      await vi.waitFor(async () => expect(await readFile(path, 'utf8')).toBe('quiet\n'));
    } finally {
      await writer.close();
    }
  });
});

describe('other log writers', () => {
  it('discard writer - keeps nothing and reports itself disabled', async () => {
    const writer = openLogWriter({ kind: 'discard' });
    expect(writer).toBeInstanceOf(DiscardLogWriter);
    expect(writer.enabled).toBe(false);
    writer.write('x');
    writer.reopen();
    await writer.flush();
    await writer.close();
    expect(writer.droppedLines).toBe(0);
  });

  it('memory writer - keeps the newest lines up to its cap and counts the rest', () => {
    const writer = new MemoryLogWriter(2);
    writer.write('a');
    writer.write('b');
    writer.write('c');
    expect(writer.lines).toEqual(['b', 'c']);
    expect(writer.droppedLines).toBe(1);
  });

  it('writer options - refuses a cap not above the write size, naming both fields', () => {
    expect(() => resolveLogWriterOptions({ minLengthBytes: 4096, maxBufferBytes: 4096 })).toThrow(
      /maxBufferBytes.*minLengthBytes/,
    );
    expect(() => resolveLogWriterOptions({ minLengthBytes: 8192, maxWriteBytes: 4096 })).toThrow(
      /minLengthBytes.*maxWriteBytes/,
    );
    expect(resolveLogWriterOptions({}).maxBufferBytes).toBe(16 * 1024 * 1024);
  });
});
