/**
 * How node statuses read in a terminal: the `gantry nodes` table and the key/value view of one
 * node (`gantry node cmd ID status`).
 */
import type { NodeStatus, PluginStatus } from '../../bus/status/node-status.js';
import { formatAge, renderTable } from './output.js';

function pluginList(plugins: readonly PluginStatus[]): string {
  return plugins.map((p) => `${p.name}@${p.version}`).join(',');
}

/** One row per node: id, revision, state, snapshot age, version, plugins; then refusals, one line each. */
export function nodesTable(nodes: readonly NodeStatus[]): string {
  const table = renderTable(
    ['id', 'revision', 'state', 'age', 'version', 'plugins'],
    nodes.map((n) => [n.id, n.appliedRevision, n.state, formatAge(n.snapshotAgeMs), n.version, pluginList(n.plugins)]),
  );
  const refusals = nodes
    .filter((n) => n.refused !== undefined)
    .map((n) => `${n.id} refused rev ${n.refused?.revision ?? '?'} at ${n.refused?.at ?? '?'}: ${n.refused?.reason ?? ''}`);
  return refusals.length === 0 ? table : `${table}\n${refusals.join('\n')}\n`;
}

/** One node's status as aligned `field: value` lines. */
export function nodeStatusText(status: NodeStatus): string {
  const rows: [string, unknown][] = [
    ['id', status.id],
    ['state', status.state],
    ['revision', status.appliedRevision ?? '-'],
    ['applied at', status.appliedAt ?? '-'],
    ['snapshot age', formatAge(status.snapshotAgeMs)],
    ['refused', status.refused === undefined ? '-' : `rev ${status.refused.revision ?? '?'} at ${status.refused.at}: ${status.refused.reason}`],
    ['plugins', pluginList(status.plugins) || '-'],
    ['version', status.version],
    ['uptime', formatAge(status.uptimeMs)],
    ['at', status.at],
  ];
  const width = Math.max(...rows.map(([field]) => field.length));
  return `${rows.map(([field, value]) => `${`${field}:`.padEnd(width + 2)}${String(value)}`).join('\n')}\n`;
}
