import { describe, expect, it } from 'vitest';
import { ErrorLog, formatErrorLogLine } from '../../../core/observe/error-log.js';
import { isLogLevel } from '../../../core/observe/log-level.js';
import { MemoryLogWriter } from '../../../core/observe/log-writer.js';

const NOW = new Date(2022, 8, 8, 17, 12, 7, 630).getTime();
const TIME = '2022-09-08 17:12:07,630';

describe('error log', () => {
  it('error log - error and warn lines have the production shape', () => {
    expect(formatErrorLogLine('error', '0a65', 'DownPipeline', 'Out', 'invoke Out err: CorsError', NOW)).toBe(
      `${TIME} [ERROR] - [0a65][DownPipeline][Out] invoke Out err: CorsError`,
    );
    expect(formatErrorLogLine('warn', undefined, 'HttpInvoker', 'Invoke', 'retrying 10.0.0.1:80', NOW)).toBe(
      `${TIME} [WARN] - [-][HttpInvoker][Invoke] retrying 10.0.0.1:80`,
    );
  });

  it('error log - keeps a multi-line message on one line and escapes brackets in tags', () => {
    const line = formatErrorLogLine('error', 't]1', 'plugin:[x]', 'Request', 'boom\n    at f (a.js:1)\r\n', NOW);
    expect(line).toBe(`${TIME} [ERROR] - [t%5D1][plugin:%5Bx%5D][Request] boom\\n    at f (a.js:1)\\r\\n`);
  });

  it('error log - filters by level and follows setLevel at runtime', () => {
    const writer = new MemoryLogWriter();
    const log = new ErrorLog(writer, 'warn');
    log.info('t', 'C', 'S', 'hidden', NOW);
    log.warn('t', 'C', 'S', 'shown warn', NOW);
    log.error('t', 'C', 'S', 'shown error', NOW);
    log.setLevel('debug');
    expect(log.isEnabled('debug')).toBe(true);
    log.debug('t', 'C', 'S', 'shown debug', NOW);
    log.setLevel('error');
    log.warn('t', 'C', 'S', 'hidden warn', NOW);
    expect(writer.lines.map((l) => l.slice(TIME.length + 1))).toEqual([
      '[WARN] - [t][C][S] shown warn',
      '[ERROR] - [t][C][S] shown error',
      '[DEBUG] - [t][C][S] shown debug',
    ]);
    expect(log.level).toBe('error');
  });

  it('error log - recognises level names', () => {
    expect(['debug', 'info', 'warn', 'error'].every(isLogLevel)).toBe(true);
    expect(isLogLevel('DEBUG')).toBe(false);
    expect(isLogLevel('toString')).toBe(false);
  });
});
