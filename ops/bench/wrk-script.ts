import type { LoadResult } from './types.js';

/** Prefix of the one line our wrk script prints with the exact (unrounded) results. */
export const WRK_RESULT_MARKER = 'GANTRY_BENCH_RESULT ';

/** A fixed request body of a wrk script: its text and content type. */
export interface WrkBody {
  readonly text: string;
  readonly contentType: string;
}

/**
 * A wrk Lua script that sets the method and body and, in done(), prints the raw counters and
 * percentiles in microseconds as JSON. wrk's own `--latency` table rounds to two decimals with
 * changing units; the done() numbers need no unit parsing. `body` is a size in bytes (that many
 * `x`, octet-stream) or a given text with its content type.
 */
export function wrkLuaScript(method: 'GET' | 'POST', body: number | WrkBody): string {
  const lines = [`wrk.method = "${method}"`];
  if (typeof body === 'number' && body > 0) {
    lines.push(`wrk.body = string.rep("x", ${body})`);
    lines.push('wrk.headers["Content-Type"] = "application/octet-stream"');
  } else if (typeof body !== 'number') {
    // A Lua long string takes the text as is; only its own closing bracket could end it early.
    if (body.text.includes(']==]')) throw new Error('wrk body: the text may not contain "]==]"');
    lines.push(`wrk.body = [==[${body.text}]==]`);
    lines.push(`wrk.headers["Content-Type"] = "${body.contentType}"`);
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format('${WRK_RESULT_MARKER}{"requests":%.0f,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,` +
      `"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f}\\n',`,
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
    '    e.connect, e.read, e.write, e.status, e.timeout))',
    'end',
  );
  return lines.join('\n') + '\n';
}

/** Reads the marker line out of wrk's stdout; throws when wrk did not print it. */
export function parseWrkResult(stdout: string): LoadResult {
  const line = stdout.split('\n').find((l) => l.startsWith(WRK_RESULT_MARKER));
  if (line === undefined) throw new Error(`wrk printed no result line: ${stdout.trim().slice(-300)}`);
  const raw: unknown = JSON.parse(line.slice(WRK_RESULT_MARKER.length));
  const num = (key: string): number => {
    const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'number') throw new Error(`wrk result: "${key}" missing in ${line}`);
    return value;
  };
  const requests = num('requests');
  const durationS = num('duration_us') / 1e6;
  return {
    requests,
    durationS,
    rps: durationS > 0 ? requests / durationS : 0,
    p50Ms: num('p50_us') / 1000,
    p99Ms: num('p99_us') / 1000,
    non2xx: num('status'),
    socketErrors: num('connect') + num('read') + num('write') + num('timeout'),
  };
}
