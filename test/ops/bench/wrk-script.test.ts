import { describe, expect, it } from 'vitest';
import { WRK_RESULT_MARKER, parseWrkResult, wrkLuaScript } from '../../../ops/bench/wrk-script.js';

describe('wrk script', () => {
  it('wrk script - a GET script sets the method and sends no body', () => {
    const script = wrkLuaScript('GET', 0);
    expect(script).toContain('wrk.method = "GET"');
    expect(script).not.toContain('wrk.body');
    expect(script).toContain(WRK_RESULT_MARKER);
  });

  it('wrk script - a POST script sends a body of the asked size', () => {
    const script = wrkLuaScript('POST', 4096);
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain('string.rep("x", 4096)');
  });

  it('wrk script - a POST script can send a given JSON text as it is', () => {
    const script = wrkLuaScript('POST', { text: '{"text":"a \\"quoted\\" word"}', contentType: 'application/json' });
    expect(script).toContain('wrk.body = [==[{"text":"a \\"quoted\\" word"}]==]');
    expect(script).toContain('wrk.headers["Content-Type"] = "application/json"');
    expect(() => wrkLuaScript('POST', { text: 'x]==]y', contentType: 'text/plain' })).toThrow(/may not contain/);
  });

  it('wrk script - parses the done() line into RPS and millisecond percentiles', () => {
    const stdout = [
      'Running 8s test @ http://127.0.0.1:1/bench',
      '  80000 requests in 8.00s, 20.00MB read',
      `${WRK_RESULT_MARKER}{"requests":80000,"duration_us":8000000,"p50_us":1500,"p99_us":9250,"connect":0,"read":1,"write":0,"status":3,"timeout":2}`,
      'Requests/sec:  10000.00',
    ].join('\n');
    expect(parseWrkResult(stdout)).toEqual({
      requests: 80000,
      durationS: 8,
      rps: 10000,
      p50Ms: 1.5,
      p99Ms: 9.25,
      non2xx: 3,
      socketErrors: 3,
    });
  });

  it('wrk script - fails clearly when wrk printed no result line', () => {
    expect(() => parseWrkResult('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/no result line/);
  });
});
