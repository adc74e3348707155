/**
 * The connections to one RPC endpoint. Calls are multiplexed, so a few connections carry any
 * number of concurrent calls: a call goes to the least busy open connection, a new one is opened
 * only while fewer than `connections` exist, and a failed connection is dropped and replaced by
 * the next call that needs one (reconnect on demand).
 */
import { RpcConnection, type RpcConnectionOptions } from './rpc-connection.js';
import type { RpcId, RpcWire } from './rpc-wire.js';

/** Pool settings of an RPC endpoint. */
export interface RpcPoolOptions extends RpcConnectionOptions {
  /** Most connections to the endpoint. */
  readonly connections: number;
}

/** Most connections opened to one RPC endpoint, whatever the cluster's HTTP-oriented pool says. */
export const MAX_RPC_CONNECTIONS = 4;

/** In-flight calls on a connection before opening another one pays off. */
const BUSY_CALLS = 64;

export class RpcPool<F> {
  private connections: RpcConnection<F>[] = [];
  private closed = false;
  private readonly limit: number;

  constructor(private readonly wire: RpcWire<F>, private readonly options: RpcPoolOptions, private readonly firstId: () => RpcId) {
    this.limit = Math.max(1, Math.min(options.connections, MAX_RPC_CONNECTIONS));
  }

  /** Sends one call (see {@link RpcConnection.call}). */
  call(encode: (id: RpcId) => Buffer, timeoutMs: number): Promise<F> {
    if (this.closed) return Promise.reject(Object.assign(new Error('pool closed'), { code: 'ECONNRESET' }));
    return this.pick().call(encode, timeoutMs);
  }

  /** Open connections (for tests and diagnostics). */
  get size(): number {
    return this.connections.filter((connection) => connection.usable).length;
  }

  /**
   * Use of the pool in the shape of undici's `Pool.stats`, for the upstream pool gauges: calls are
   * multiplexed, so `running` counts calls awaiting their reply and `pending` is always 0 (a call
   * never waits for a connection; it is written at once).
   */
  get stats(): { connected: number; free: number; pending: number; running: number } {
    let connected = 0;
    let free = 0;
    let running = 0;
    for (const connection of this.connections) {
      if (!connection.usable) continue;
      connected++;
      const inFlight = connection.inFlight;
      if (inFlight === 0) free++;
      running += inFlight;
    }
    return { connected, free, pending: 0, running };
  }

  close(): void {
    this.closed = true;
    for (const connection of this.connections) connection.close();
    this.connections = [];
  }

  private pick(): RpcConnection<F> {
    if (this.connections.some((connection) => !connection.usable)) {
      this.connections = this.connections.filter((connection) => connection.usable);
    }
    let best: RpcConnection<F> | undefined;
    for (const connection of this.connections) {
      if (best === undefined || connection.inFlight < best.inFlight) best = connection;
    }
    if (best !== undefined && (best.inFlight < BUSY_CALLS || this.connections.length >= this.limit)) return best;
    const fresh = new RpcConnection(this.wire, this.options, this.firstId());
    this.connections.push(fresh);
    return fresh;
  }
}
