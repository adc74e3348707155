/**
 * A worker process of `gantry serve --workers N`: one gateway with its own snapshot, sharing the
 * HTTP listener through the primary, its admin port on a private loopback port the primary forwards to.
 */
import { Gateway, StartupConfigError } from '../../core/gateway/gateway.js';
import type { GatewayOptions } from '../../core/gateway/gateway-options.js';
import { refusalReason } from '../node/node-status-tracker.js';
import { sendToPrimary } from './messages.js';
import { PrimaryConfigSource } from './primary-config-source.js';
import { linkWorker, workerSlot } from './worker-link.js';

/** A worker's gateway options: the node's, with the admin listener on an ephemeral private port. */
export function workerGatewayOptions<T extends Omit<GatewayOptions, 'nodeId'>>(options: T): T {
  // Port 0 in a worker is shared by every worker through the primary unless the listener is
  // exclusive: the admin server listens exclusively, so each worker gets its own port.
  return { ...options, adminPort: 0 };
}

/**
 * Serves until the primary says drain, or this process gets SIGTERM/SIGINT (then only this worker
 * drains; the primary restarts it unless the node is draining too). Resolves with the exit code.
 */
export function serveAsWorker(gateway: Gateway, stop: (reason: string) => Promise<{ unfinishedCalls: number }>): Promise<number> {
  const slot = workerSlot();
  return new Promise<number>((resolve) => {
    let stopping = false;
    const finish = (reason: string): void => {
      if (stopping) return;
      stopping = true;
      link.draining();
      void stop(reason).then(({ unfinishedCalls }) => {
        if (unfinishedCalls > 0) process.stderr.write(`gantry: worker ${slot}: drain timeout, ${unfinishedCalls} calls cut\n`);
        link.close();
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        process.off('SIGHUP', onHup);
        resolve(0);
      });
    };
    const link = linkWorker(gateway, finish);
    const onSignal = (signal: NodeJS.Signals): void => finish(signal);
    const onHup = (): void => gateway.logs.reopenAll();
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('SIGHUP', onHup);
  });
}

/** File mode: the config comes from the primary, which follows the file. */
export async function runFileWorker(nodeId: string, options: Omit<GatewayOptions, 'nodeId'>): Promise<number> {
  const source = new PrimaryConfigSource((message, outcome) => {
    const reason = outcome.kind === 'refused' ? refusalReason(outcome.issues) : outcome.kind;
    sendToPrimary({ type: 'gantry:worker-refused', revision: message.revision, reason });
  });
  let gateway: Gateway;
  try {
    gateway = await Gateway.start(source, { ...workerGatewayOptions(options), nodeId });
  } catch (error) {
    if (error instanceof StartupConfigError) {
      process.stderr.write(`gantry: worker ${workerSlot()}: config refused, not starting:\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return serveAsWorker(gateway, () => gateway.drain());
}
