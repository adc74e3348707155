/**
 * Child entry that runs one autocannon load and prints the result as one marked JSON line. Used only
 * when wrk is not installed. autocannon ships no typings, so its result is narrowed by hand.
 */
import { createRequire } from 'node:module';
import { AUTOCANNON_RESULT_MARKER, type AutocannonJob } from './autocannon-runner.js';
import type { LoadResult } from './types.js';

type AutocannonFn = (opts: Record<string, unknown>) => Promise<unknown>;

function field(obj: unknown, ...path: string[]): number {
  let value: unknown = obj;
  for (const key of path) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value !== 'number') throw new Error(`autocannon result: ${path.join('.')} missing`);
  return value;
}

const job = JSON.parse(process.argv[2] ?? '{}') as AutocannonJob;
const autocannon = createRequire(import.meta.url)('autocannon') as AutocannonFn;
const result = await autocannon({
  url: job.url,
  method: job.method,
  connections: job.connections,
  duration: job.durationS,
  timeout: 5,
  ...(job.bodyBytes > 0
    ? { body: Buffer.alloc(job.bodyBytes, 'x'), headers: { 'content-type': 'application/octet-stream' } }
    : {}),
});
const requests = field(result, 'requests', 'total');
const durationS = field(result, 'duration');
const load: LoadResult = {
  requests,
  durationS,
  rps: durationS > 0 ? requests / durationS : 0,
  p50Ms: field(result, 'latency', 'p50'),
  p99Ms: field(result, 'latency', 'p99'),
  non2xx: field(result, 'non2xx'),
  socketErrors: field(result, 'errors') + field(result, 'timeouts'),
};
process.stdout.write(`${AUTOCANNON_RESULT_MARKER}${JSON.stringify(load)}\n`);
