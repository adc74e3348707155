/**
 * How node statuses read in a terminal: the `gantry nodes` table and the key/value view of one
 * node (`gantry node cmd ID status`).
 */
import type { NodeStatus, PluginStatus, WorkerStatus } from '../../bus/status/node-status.js';
import { formatAge, renderTable } from './output.js';

/** `name@version`, with `#` and the first 12 hex digits of the module's sha256 for registry plugins. */
function pluginList(plugins: readonly PluginStatus[]): string {
  return plugins.map((p) => `${p.name}@${p.version}${p.sha256 === undefined ? '' : `#${p.sha256.slice(0, 12)}`}`).join(',');
}

/** `1 pid 4242 rev 7 ready, 2 pid 4243 rev 6 not ready (1 restart)`: a node's worker processes. */
function workerList(workers: readonly WorkerStatus[]): string {
  return workers.map((w) => `${w.id} pid ${w.pid ?? '-'} rev ${w.revision ?? '-'} ${w.ready ? 'ready' : 'not ready'}${w.restarts > 0 ? ` (${w.restarts} restart${w.restarts === 1 ? '' : 's'})` : ''}`).join(', ');
}

/** One row per node: id, revision, state, snapshot age, version, plugins; then refusals and worker processes, one line each. */
export function nodesTable(nodes: readonly NodeStatus[]): string {
  const table = renderTable(
    ['id', 'revision', 'state', 'age', 'version', 'plugins'],
    nodes.map((n) => [n.id, n.appliedRevision, n.state, formatAge(n.snapshotAgeMs), n.version, pluginList(n.plugins)]),
  );
  const refusals = nodes
    .filter((n) => n.refused !== undefined)
    .map((n) => `${n.id} refused rev ${n.refused?.revision ?? '?'} at ${n.refused?.at ?? '?'}: ${n.refused?.reason ?? ''}`);
  const workers = nodes.filter((n) => n.workers !== undefined).map((n) => `${n.id} workers: ${workerList(n.workers ?? [])}`);
  const notes = [...refusals, ...workers];
  return notes.length === 0 ? table : `${table}\n${notes.join('\n')}\n`;
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
    ['plugins', status.plugins.length === 0 ? '-' : status.plugins.map((p) => `${p.name}@${p.version}${p.sha256 === undefined ? '' : ` sha256:${p.sha256}`}`).join(', ')],
    ...(status.workers === undefined ? [] : [['workers', workerList(status.workers)] as [string, unknown]]),
    ['version', status.version],
    ['uptime', formatAge(status.uptimeMs)],
    ['at', status.at],
  ];
  const width = Math.max(...rows.map(([field]) => field.length));
  return `${rows.map(([field, value]) => `${`${field}:`.padEnd(width + 2)}${String(value)}`).join('\n')}\n`;
}
