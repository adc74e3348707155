/**
 * Apply of many APIs: one change set of N mock APIs, timed as the write itself and then from the
 * write's completion until every node reports the commit applied and answers its last API.
 */
import { performance } from 'node:perf_hooks';
import type { KV } from '@nats-io/kv';
import { writeChangeSet } from '../../../bus/index.js';
import type { NatsNode } from '../../node/index.js';
import { manyApisDocument, mockApiPath } from './bench-documents.js';
import { heapUsedAfterGc } from './heap.js';
import { sleep } from './stats.js';

/** What one apply measured. */
export interface ApplyApisResult {
  readonly apis: number;
  /** `writeChangeSet` from call to resolve, ms. */
  readonly writeMs: number;
  /** Per node: write completion → the commit applied, ms. */
  readonly appliedMs: number[];
  /** Write completion → every node answered the last API over HTTP, ms. */
  readonly servingMs: number;
  /** Write start → every node answered the last API, ms (nodes may apply before the writer sees its ack). */
  readonly fromStartServingMs: number;
  /** Heap growth per node per 1,000 APIs, bytes; NaN when not measured. */
  readonly heapPer1000: number;
  /** Whether a real collection ran before each heap reading. */
  readonly heapCollected: boolean;
}

const APPLY_TIMEOUT_MS = 60_000;
const meta = { actor: 'bench', reason: 'control-plane bench: apply', kind: 'apply' } as const;

async function answers(node: NatsNode, path: string, body: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${node.gateway.httpPort}${path}`);
    return response.ok && (await response.text()) === body;
  } catch {
    return false;
  }
}

/** Writes `count` APIs and waits until every node serves them. */
export async function measureApplyApis(kv: KV, nodes: readonly NatsNode[], count: number): Promise<ApplyApisResult> {
  const before = heapUsedAfterGc();
  const started = performance.now();
  const result = await writeChangeSet(kv, manyApisDocument(count), meta);
  const written = performance.now();
  const appliedMs: number[] = [];
  const pending = new Set(nodes);
  const deadline = written + APPLY_TIMEOUT_MS;
  while (pending.size > 0) {
    for (const node of [...pending]) {
      if (node.status().appliedRevision !== result.revision) continue;
      appliedMs.push(performance.now() - written);
      pending.delete(node);
    }
    if (performance.now() > deadline) throw new Error(`apply of ${count} APIs: ${pending.size} node(s) not applied after ${APPLY_TIMEOUT_MS} ms`);
    if (pending.size > 0) await sleep(1);
  }
  const last = mockApiPath(count);
  for (const node of nodes) {
    while (!(await answers(node, last, `m${count}`))) {
      if (performance.now() > deadline) throw new Error(`node ${node.nodeId} does not answer ${last}`);
      await sleep(1);
    }
  }
  const servingMs = performance.now() - written;
  const after = heapUsedAfterGc();
  return {
    apis: count,
    writeMs: written - started,
    appliedMs,
    servingMs,
    fromStartServingMs: servingMs + (written - started),
    heapPer1000: (after.bytes - before.bytes) / nodes.length / (count / 1000),
    heapCollected: before.collected && after.collected,
  };
}
