/**
 * Audits a WASM plugin's own breaker on this node: `plugin.breaker` when it opens (the plugin kept
 * failing: traps, timeouts, memory faults — each of those calls already answered 7777 or failed
 * open) and when it closes again. Half-open trials are not audited: they are the breaker's routine.
 * Individual failed calls are not audited either (a broken plugin under load would flood the
 * stream); they are counted in metrics and logged.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AuditEventInput } from '../../bus/audit/audit-event.js';
import { wasmBreakerChannel, type WasmBreakerEvent } from '../../core/wasm/index.js';

const OPEN = 2;
const CLOSED = 0;

/** Starts auditing; returns the function that stops it. */
export function auditPluginBreakers(nodeId: string, audit: (event: AuditEventInput) => void, log: (message: string) => void): () => void {
  const opened = new Set<string>();
  const onState = (message: unknown): void => {
    const { plugin, version, state } = message as WasmBreakerEvent;
    const key = `${plugin}@${version}`;
    if (state === OPEN && !opened.has(key)) {
      opened.add(key);
      audit({ kind: 'plugin.breaker', actor: `node:${nodeId}`, node: nodeId, key, old: { state: 'closed' }, new: { state: 'open' }, reason: 'repeated failures' });
      log(`plugin ${key}: breaker open after repeated failures; its calls fail fast (7777, or skipped under failurePolicy open)`);
    } else if (state === CLOSED && opened.delete(key)) {
      audit({ kind: 'plugin.breaker', actor: `node:${nodeId}`, node: nodeId, key, old: { state: 'open' }, new: { state: 'closed' } });
      log(`plugin ${key}: breaker closed again`);
    }
  };
  subscribe(wasmBreakerChannel.name, onState);
  return () => {
    unsubscribe(wasmBreakerChannel.name, onState);
  };
}
