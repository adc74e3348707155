import { describe, expect, it } from 'vitest';
import {
  DIGEST_BACK_PROTOCOLS,
  DIGEST_FRONT_PROTOCOLS,
  DigestLog,
  formatDigestLine,
  isDigestSuccess,
} from '../../../core/observe/digest-log.js';
import type { DigestRecord } from '../../../core/observe/digest-log.js';
import { DiscardLogWriter, MemoryLogWriter } from '../../../core/observe/log-writer.js';

/** 2022-09-08 17:12:07.630 in the local time zone, whatever it is where the tests run. */
const NOW = new Date(2022, 8, 8, 17, 12, 7, 630).getTime();

const RECORD: DigestRecord = {
  traceId: '0a6585631662628327630132215563',
  method: 'GET',
  path: '/http-mock-get-appauth',
  resultCode: 1000,
  latencyMs: 0.4,
  appId: '33TTRTJGZDZ3XM5Z',
  workspaceId: 'hzfinshowcase',
  group: 'endqoxqv4adxdtgv',
  api: 'BSFmseZvrwSy9EjQlamBzP9IkwmWsH90',
  serviceId: 'BSFmseZvrwSy9EjQlamBzP9IkwmWsH90',
  clientAddress: '100.117.119.252',
  clientPort: 39652,
  frontProtocol: DIGEST_FRONT_PROTOCOLS.http1,
  backProtocol: DIGEST_BACK_PROTOCOLS.mock,
  requestBytes: 0,
  responseBytes: 15,
  clientTraceId: 'Z5JTc2VtYc0LgkFNUSwymtGoH9QkArPR',
  nodeId: 'FX5ZWZMHAIHL',
};

/** Splits a digest line the way a log shipper would; throws when the line does not parse. */
function parseDigestLine(line: string): { time: string; traceId: string; fields: string[] } {
  const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \[INFO\] - \[([^\]]*)\]\((.*)\)$/.exec(line);
  if (m === null) throw new Error(`unparseable digest line: ${line}`);
  return { time: m[1] as string, traceId: m[2] as string, fields: (m[3] as string).split(',') };
}

describe('digest line', () => {
  it('digest line - matches the production shape exactly for a full record', () => {
    expect(formatDigestLine(RECORD, NOW)).toBe(
      '2022-09-08 17:12:07,630 [INFO] - [0a6585631662628327630132215563](GET,/http-mock-get-appauth,Y,1000,0ms,' +
        '33TTRTJGZDZ3XM5Z,hzfinshowcase,endqoxqv4adxdtgv,BSFmseZvrwSy9EjQlamBzP9IkwmWsH90,' +
        'BSFmseZvrwSy9EjQlamBzP9IkwmWsH90,-,-,100.117.119.252:39652,-,Gantry-Http1,Mock,-,-,0,15,-,-,' +
        '[Z5JTc2VtYc0LgkFNUSwymtGoH9QkArPR],FX5ZWZMHAIHL)',
    );
  });

  it('digest line - prints - for every missing field and [-] for a missing client trace id', () => {
    const line = formatDigestLine(
      { traceId: '', method: 'POST', path: '/x', resultCode: 3000, latencyMs: 2.6, frontProtocol: 'Gantry-Http1', nodeId: 'n1' },
      NOW,
    );
    expect(line).toBe(
      '2022-09-08 17:12:07,630 [INFO] - [-](POST,/x,N,3000,3ms,-,-,-,-,-,-,-,-,-,Gantry-Http1,-,-,-,-,-,-,-,[-],n1)',
    );
  });

  it('digest line - fills the upstream, encoding and async fields when given', () => {
    const { fields } = parseDigestLine(
      formatDigestLine(
        { ...RECORD, backProtocol: 'SofaRpc', upstreamAddress: '10.0.0.7:12200', targetMethod: 'sayHello',
          targetPath: 'com.example.Hello:1.0', dataEncoding: 'hessian2', async: false, uid: '20880011', zone: 'GZ00A' },
        NOW,
      ),
    );
    expect(fields.slice(10, 12)).toEqual(['sayHello', 'com.example.Hello:1.0']);
    expect(fields.slice(13, 18)).toEqual(['10.0.0.7:12200', 'Gantry-Http1', 'SofaRpc', 'hessian2', 'N']);
    expect(fields.slice(20, 22)).toEqual(['20880011', 'GZ00A']);
  });

  it('digest line - escapes delimiters and line breaks so the line still parses into 24 fields', () => {
    const hostile: DigestRecord = {
      ...RECORD,
      traceId: 'abc]def',
      path: '/a,b/(c)',
      appId: 'app\nINJECTED 2022-01-01 [INFO] - [x](',
      group: 'g[1]',
      clientTraceId: 'cli]ent,id',
      nodeId: 'node\r1',
    };
    const line = formatDigestLine(hostile, NOW);
    expect(line).not.toMatch(/[\r\n]/);
    const parsed = parseDigestLine(line);
    expect(parsed.traceId).toBe('abc%5Ddef');
    expect(parsed.fields).toHaveLength(24);
    expect(parsed.fields[1]).toBe('/a%2Cb/%28c%29');
    expect(parsed.fields[5]).toBe('app%0AINJECTED 2022-01-01 %5BINFO%5D - %5Bx%5D%28');
    expect(parsed.fields[7]).toBe('g%5B1%5D');
    expect(parsed.fields[22]).toBe('[cli%5Dent%2Cid]');
    expect(parsed.fields[23]).toBe('node%0D1');
  });

  it('digest line - escapes tab and DEL but keeps non-ASCII text', () => {
    const { fields } = parseDigestLine(formatDigestLine({ ...RECORD, appId: 'a\tb\u007fc', workspaceId: 'café-東京' }, NOW));
    expect(fields[5]).toBe('a%09b%7Fc');
    expect(fields[6]).toBe('café-東京');
  });

  it('digest line - shortens IPv4-mapped client addresses and brackets IPv6 ones', () => {
    const mapped = parseDigestLine(formatDigestLine({ ...RECORD, clientAddress: '::ffff:127.0.0.1', clientPort: 5000 }, NOW));
    expect(mapped.fields[12]).toBe('127.0.0.1:5000');
    const v6 = parseDigestLine(formatDigestLine({ ...RECORD, clientAddress: '::1', clientPort: 5000 }, NOW));
    expect(v6.fields[12]).toBe('[::1]:5000');
  });

  it('digest line - pads milliseconds and follows the clock across seconds', () => {
    const t = new Date(2024, 0, 2, 3, 4, 5, 7).getTime();
    expect(formatDigestLine(RECORD, t).slice(0, 23)).toBe('2024-01-02 03:04:05,007');
    expect(formatDigestLine(RECORD, t + 1000 + 50).slice(0, 23)).toBe('2024-01-02 03:04:06,057');
    expect(formatDigestLine(RECORD, t).slice(0, 23)).toBe('2024-01-02 03:04:05,007');
  });
});

describe('digest success flag', () => {
  it('success flag - Y for served calls, N for refusals, failures and backend 5xx', () => {
    for (const code of [1000, 1100, 1800, 1801, 1999, 6100, 6201, 6205, 6226]) expect(isDigestSuccess(code)).toBe(true);
    for (const code of [1002, 2102, 3000, 4001, 4002, 5000, 6000, 6301, 6305, 6666, 7777, 8003]) {
      expect(isDigestSuccess(code)).toBe(false);
    }
  });
});

describe('digest log', () => {
  it('digest log - writes every call at the default rate', () => {
    const writer = new MemoryLogWriter();
    const log = new DigestLog(writer);
    expect(log.record(RECORD, NOW)).toBe(true);
    expect(log.record({ ...RECORD, resultCode: 4002 }, NOW)).toBe(true);
    expect(writer.lines).toEqual([formatDigestLine(RECORD, NOW), formatDigestLine({ ...RECORD, resultCode: 4002 }, NOW)]);
  });

  it('digest log - sampling keeps an even share of successes and every error', () => {
    const writer = new MemoryLogWriter();
    const log = new DigestLog(writer, { sampleRatePercent: 25 });
    const written: boolean[] = [];
    for (let i = 0; i < 8; i++) written.push(log.record(RECORD, NOW));
    expect(written).toEqual([false, false, false, true, false, false, false, true]);
    for (const code of [3000, 4001, 6301, 1002]) expect(log.record({ ...RECORD, resultCode: code }, NOW)).toBe(true);
    expect(writer.lines).toHaveLength(6);
  });

  it('digest log - rate 0 writes only errors and can be raised at runtime', () => {
    const writer = new MemoryLogWriter();
    const log = new DigestLog(writer, { sampleRatePercent: 0 });
    expect(log.record(RECORD, NOW)).toBe(false);
    expect(log.record({ ...RECORD, resultCode: 2102 }, NOW)).toBe(true);
    log.setSampleRatePercent(100);
    expect(log.sampleRatePercent).toBe(100);
    expect(log.record(RECORD, NOW)).toBe(true);
    expect(writer.lines).toHaveLength(2);
  });

  it('digest log - refuses a sampling rate outside 0-100', () => {
    const log = new DigestLog(new MemoryLogWriter());
    expect(() => log.setSampleRatePercent(101)).toThrow(RangeError);
    expect(() => log.setSampleRatePercent(Number.NaN)).toThrow(RangeError);
    expect(() => new DigestLog(new MemoryLogWriter(), { sampleRatePercent: -1 })).toThrow(/sampleRatePercent/);
    expect(log.sampleRatePercent).toBe(100);
  });

  it('digest log - a discarding writer skips the call entirely', () => {
    const log = new DigestLog(new DiscardLogWriter());
    expect(log.record({ ...RECORD, resultCode: 4002 }, NOW)).toBe(false);
  });
});
