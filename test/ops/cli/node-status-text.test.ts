import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../../bus/status/node-status.js';
import { nodesTable, nodeStatusText } from '../../../ops/cli/node-status-text.js';

const sha = 'ab12cd34ef56'.padEnd(64, '0');

function status(plugins: NodeStatus['plugins']): NodeStatus {
  return { id: 'gw-1', at: '2026-01-01T00:00:00.000Z', version: '0.1.0', uptimeMs: 1000, state: 'serving', appliedRevision: 7, appliedAt: '2026-01-01T00:00:00.000Z', snapshotAgeMs: 2000, plugins };
}

describe('node status text', () => {
  it('node status text - gantry nodes shows each plugin version, with the sha256 prefix of registry modules', () => {
    const table = nodesTable([status([{ name: 'request-id', version: '1.0.0' }, { name: 'stamp', version: '1.2.0', sha256: sha }])]);
    expect(table.split('\n')[1]).toMatch(/^gw-1 +7 +serving +2s +0\.1\.0 +request-id@1\.0\.0,stamp@1\.2\.0#ab12cd34ef56$/);
  });

  it('node status text - the status view lists the whole sha256', () => {
    expect(nodeStatusText(status([{ name: 'stamp', version: '1.2.0', sha256: sha }]))).toContain(`plugins:      stamp@1.2.0 sha256:${sha}\n`);
    expect(nodeStatusText(status([]))).toContain('plugins:      -\n');
  });
});
