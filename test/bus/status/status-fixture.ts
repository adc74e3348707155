/** A connection to the shared NATS and a subject root of its own, so parallel suites never meet. */
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NodeStatusReport } from '../../../bus/status/index.js';

export async function openStatusConnection(): Promise<{ nc: NatsConnection; subjectRoot: string }> {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  return { nc, subjectRoot: `test-${randomBytes(6).toString('hex')}` };
}

/** A plausible report of a serving node. */
export function servingReport(overrides: Partial<NodeStatusReport> = {}): NodeStatusReport {
  return {
    version: '0.1.0',
    uptimeMs: 1234,
    state: 'serving',
    appliedRevision: 42,
    appliedAt: '2024-05-01T10:00:00.000Z',
    snapshotAgeMs: 5000,
    plugins: [{ name: 'cors', version: '1.0.0', sha256: 'ab'.repeat(32) }, { name: 'request-id', version: '1.0.0' }],
    ...overrides,
  };
}
