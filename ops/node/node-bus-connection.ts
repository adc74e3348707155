/**
 * The node's own NATS connection (heartbeats, commands, audit), opened in the background: a node
 * must start and serve from its last-good copy while NATS is down, so nothing waits for it. Tries
 * until connected or closed; once connected, the client reconnects by itself for ever.
 */
import type { NatsConnection, Status } from '@nats-io/transport-node';
import { connectBus, type BusOptions } from '../../bus/connection.js';

/** What the connection reports. */
export interface NodeBusConnectionEvents {
  /** Called once, when the first connection is up. */
  connected(nc: NatsConnection): void | Promise<void>;
  /** Client status changes after that (disconnect, reconnect, errors). */
  status(status: Status): void;
  /** A connect attempt failed (reported once per run of failures). */
  failed(error: Error): void;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Opens and owns the node's connection. */
export class NodeBusConnection {
  private nc: NatsConnection | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly bus: Partial<BusOptions>,
    private readonly retryDelayMs: number,
    private readonly events: NodeBusConnectionEvents,
  ) {}

  /** The connection, once up. */
  get current(): NatsConnection | undefined {
    return this.nc;
  }

  /** Starts trying to connect (returns at once). */
  start(): void {
    this.running ??= this.connectUntilUp();
  }

  /** Stops trying, and closes the connection if it is up (flushing what was published). */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.running;
    await this.nc?.close().catch(() => undefined);
  }

  private async connectUntilUp(): Promise<void> {
    let reported = false;
    while (!this.closed) {
      let nc: NatsConnection;
      try {
        nc = await connectBus({ ...this.bus, maxReconnectAttempts: -1 });
      } catch (error) {
        if (!reported) this.events.failed(asError(error));
        reported = true;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.retryDelayMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      if (this.closed) {
        await nc.close();
        return;
      }
      this.nc = nc;
      void this.followStatus(nc);
      try {
        await this.events.connected(nc);
      } catch (error) {
        // The connection is fine; what the node set up on it is reported, not retried.
        this.events.failed(asError(error));
      }
      return;
    }
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) this.events.status(status);
  }
}
