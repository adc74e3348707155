/**
 * The worker's side of the primary/worker channel, around a running gateway: reports its state
 * (ready, revision, ports) on every change, answers metrics requests with its own registry, and
 * drains when the primary says so.
 */
import type { Gateway } from '../../core/gateway/gateway.js';
import { asPrimaryMessage, sendToPrimary, WORKER_SLOT_ENV } from './messages.js';

/** The slot (1..N) the primary gave this worker; 0 when not forked by a primary. */
export function workerSlot(env: NodeJS.ProcessEnv = process.env): number {
  const slot = Number.parseInt(env[WORKER_SLOT_ENV] ?? '', 10);
  return Number.isInteger(slot) && slot > 0 ? slot : 0;
}

/** A linked worker. */
export interface WorkerLink {
  /** Marks the worker draining and tells the primary (readiness goes false at once). */
  draining(): void;
  /** Stops listening to the primary. */
  close(): void;
}

/** Links `gateway` to the primary; `drain` runs when the primary asks for a drain. */
export function linkWorker(gateway: Gateway, drain: (reason: string) => void): WorkerLink {
  let isDraining = false;
  const report = (): void => {
    const config = gateway.snapshots.current.config;
    sendToPrimary({
      type: 'gantry:worker-state',
      ready: gateway.snapshots.ready && !isDraining,
      draining: isDraining,
      revision: gateway.snapshots.current.revision,
      httpPort: gateway.httpPort,
      privateAdminPort: gateway.adminPort,
      adminHost: config?.listen.adminHost ?? '127.0.0.1',
      configAdminPort: config?.listen.admin ?? 0,
    });
  };
  const stopWatching = gateway.snapshots.onOutcome(() => report());
  const onMessage = (raw: unknown): void => {
    const message = asPrimaryMessage(raw);
    if (message === undefined) return;
    if (message.type === 'gantry:drain') drain(message.reason);
    else if (message.type === 'gantry:reopen-logs') gateway.logs.reopenAll();
    else if (message.type === 'gantry:metrics-request') {
      void gateway.metrics.registry.getMetricsAsJSON().then(
        (metrics) => sendToPrimary({ type: 'gantry:metrics-response', requestId: message.requestId, metrics }),
        () => sendToPrimary({ type: 'gantry:metrics-response', requestId: message.requestId, metrics: [] }),
      );
    }
  };
  process.on('message', onMessage);
  report();
  return {
    draining: () => {
      isDraining = true;
      report();
    },
    close: () => {
      stopWatching();
      process.off('message', onMessage);
    },
  };
}
