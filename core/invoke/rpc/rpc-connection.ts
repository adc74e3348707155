/**
 * One TCP connection to an RPC endpoint carrying many calls at once: each call gets a request id,
 * its reply is matched by that id, and calls end independently (reply, per-call timeout, or the
 * connection's failure). Idle connections send heartbeats; a heartbeat left unanswered closes the
 * connection, and the pool opens a fresh one for the next call.
 */
import { connect, type Socket } from 'node:net';
import type { RpcId, RpcWire } from './rpc-wire.js';

/** Connection settings (from the cluster's `pool` block). */
export interface RpcConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  /** Idle time after which a heartbeat is sent; its answer must come within the same time. */
  readonly heartbeatMs: number;
}

interface Pending<F> {
  readonly resolve: (frame: F) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

function codedError(message: string, code: string, extra?: object): Error {
  return Object.assign(new Error(message), { code }, extra);
}

/** A multiplexed client connection; `ready` settles once connected (or failed). */
export class RpcConnection<F> {
  private readonly socket: Socket;
  private readonly pending = new Map<RpcId, Pending<F>>();
  private lastId: RpcId;
  private connected = false;
  private closedWith: Error | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatId: RpcId | undefined;
  private lastActivity = Date.now();
  readonly ready: Promise<void>;

  constructor(private readonly wire: RpcWire<F>, private readonly options: RpcConnectionOptions, firstId: RpcId) {
    this.lastId = firstId;
    const decoder = wire.createDecoder();
    this.socket = connect({ host: options.host, port: options.port, noDelay: true });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(codedError(`connect to ${options.host}:${options.port} timed out`, 'UND_ERR_CONNECT_TIMEOUT'));
      }, options.connectTimeoutMs);
      timer.unref();
      this.socket.once('connect', () => {
        clearTimeout(timer);
        this.connected = true;
        this.scheduleHeartbeat();
        resolve();
      });
      this.socket.once('close', () => {
        clearTimeout(timer);
        if (!this.connected) reject(this.closedWith ?? codedError('connection closed before it opened', 'ECONNREFUSED'));
      });
    });
    // Nobody may await `ready` (a call that already timed out): never an unhandled rejection.
    this.ready.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => {
      this.lastActivity = Date.now();
      let frames: F[];
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        this.fail(Object.assign(codedError(`garbage from ${this.address}: ${(error as Error).message}`, 'GANTRY_RPC_BAD_FRAME'), { cause: error }));
        return;
      }
      for (const frame of frames) this.onFrame(frame);
    });
    this.socket.on('error', (error: Error) => this.fail(error));
    this.socket.on('close', () => this.fail(codedError(`connection to ${this.address} closed`, 'ECONNRESET')));
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** False once the connection failed or was closed: the pool replaces it. */
  get usable(): boolean {
    return this.closedWith === undefined;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one call built by `encode(id)` and resolves with its reply frame. Rejects with code
   * GANTRY_UPSTREAM_TIMEOUT after `timeoutMs` (waiting for the connection included), or with the
   * connection's own error.
   */
  call(encode: (id: RpcId) => Buffer, timeoutMs: number): Promise<F> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    const id = (this.lastId = this.wire.nextId(this.lastId));
    return new Promise<F>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(codedError(`no reply from ${this.address} within ${timeoutMs} ms`, 'GANTRY_UPSTREAM_TIMEOUT'));
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      const send = (): void => {
        if (!this.pending.has(id)) return;
        let bytes: Buffer;
        try {
          bytes = encode(id);
        } catch (error) {
          this.settle(id)?.reject(error as Error);
          return;
        }
        this.lastActivity = Date.now();
        this.socket.write(bytes);
      };
      if (this.connected) send();
      else this.ready.then(send, () => undefined);
    });
  }

  /** Closes the connection; pending calls fail with ECONNRESET. */
  close(): void {
    this.fail(codedError(`connection to ${this.address} closed by the gateway`, 'ECONNRESET'));
  }

  private onFrame(frame: F): void {
    const role = this.wire.classify(frame);
    if (role.kind === 'ping') {
      this.socket.write(role.reply);
      return;
    }
    if (role.kind !== 'reply') return;
    if (role.id === this.heartbeatId) {
      this.heartbeatId = undefined;
      return;
    }
    this.settle(role.id)?.resolve(frame);
  }

  private settle(id: RpcId): Pending<F> | undefined {
    const entry = this.pending.get(id);
    if (entry === undefined) return undefined;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = setTimeout(() => this.heartbeat(), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private heartbeat(): void {
    if (this.closedWith !== undefined) return;
    if (this.heartbeatId !== undefined) {
      this.fail(codedError(`heartbeat to ${this.address} unanswered`, 'ECONNRESET'));
      return;
    }
    if (Date.now() - this.lastActivity >= this.options.heartbeatMs) {
      const id = (this.lastId = this.wire.nextId(this.lastId));
      this.heartbeatId = id;
      this.socket.write(this.wire.heartbeat(id));
    }
    this.scheduleHeartbeat();
  }

  private fail(error: Error): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = error;
    clearTimeout(this.heartbeatTimer);
    this.socket.destroy();
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(error);
    }
  }
}
