/**
 * One way to open a connection to the bus, so every part of Gantry (node, CLI, tests) connects with
 * the same defaults: unlimited reconnects, a recognisable client name, and one place for auth.
 */
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';

/** Where the bus is when neither the options nor `GANTRY_NATS` say. */
export const defaultNatsServer = 'nats://127.0.0.1:4222';

/** How to reach the bus. Every field has a default in {@link defaultBusOptions}. */
export interface BusOptions {
  /** NATS server URLs, comma-separated in `GANTRY_NATS`; the client picks among them and fails over. */
  servers: string[];
  /** Client name shown by the server's monitoring (`connz`), e.g. `gantry-node-1` or `gantry-cli`. */
  name: string;
  /** User name for user/password auth; empty for none. Exclusive with `credsFile`. */
  user: string;
  /** Password for user/password auth; used only with `user`. */
  pass: string;
  /** Path of a NATS `.creds` file (JWT + nkey seed); empty for none. Exclusive with `user`. */
  credsFile: string;
  /** Reconnect attempts after a lost connection; -1 retries for ever (a node must never give up). */
  maxReconnectAttempts: number;
  /** Pause between reconnect attempts to one server, in milliseconds. */
  reconnectTimeWaitMs: number;
  /** Time allowed for one connection attempt (TCP, TLS and handshake), in milliseconds. */
  connectTimeoutMs: number;
  /**
   * When the first attempt fails, keep trying (with the reconnect settings) instead of rejecting.
   * The returned promise then settles only once connected.
   */
  waitOnFirstConnect: boolean;
}

/** Servers named by `GANTRY_NATS` (comma-separated), else the local default. */
function serversFromEnvironment(): string[] {
  const fromEnv = process.env.GANTRY_NATS?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [];
  return fromEnv.length > 0 ? fromEnv : [defaultNatsServer];
}

/** Defaults: `GANTRY_NATS` or the local server, no auth, unlimited reconnects every 2 s. */
export function defaultBusOptions(): BusOptions {
  return {
    servers: serversFromEnvironment(),
    name: 'gantry',
    user: '',
    pass: '',
    credsFile: '',
    maxReconnectAttempts: -1,
    reconnectTimeWaitMs: 2000,
    connectTimeoutMs: 5000,
    waitOnFirstConnect: false,
  };
}

/** Rules spanning fields, checked before any network work; the message names both fields. */
function checkBusOptions(options: BusOptions): void {
  if (options.user !== '' && options.credsFile !== '') {
    throw new TypeError('bus options: `user` and `credsFile` are exclusive; give one way to authenticate');
  }
  if (options.pass !== '' && options.user === '') {
    throw new TypeError('bus options: `pass` is given without `user`');
  }
  if (options.servers.length === 0) throw new TypeError('bus options: `servers` is empty');
}

/** Maps Gantry's options onto the NATS client's, reading the creds file once (at connect). */
export function natsConnectionOptions(options: BusOptions): NodeConnectionOptions {
  checkBusOptions(options);
  const base: NodeConnectionOptions = {
    servers: options.servers,
    name: options.name,
    maxReconnectAttempts: options.maxReconnectAttempts,
    reconnectTimeWait: options.reconnectTimeWaitMs,
    timeout: options.connectTimeoutMs,
    waitOnFirstConnect: options.waitOnFirstConnect,
  };
  if (options.user !== '') return { ...base, user: options.user, pass: options.pass };
  if (options.credsFile !== '') {
    const path = options.credsFile;
    // A function, so a rotated creds file is re-read on every reconnect.
    return { ...base, authenticator: credsAuthenticator(() => readFileSync(path)) };
  }
  return base;
}

/** Connects to the bus with `options` laid over {@link defaultBusOptions}. */
export function connectBus(options: Partial<BusOptions> = {}): Promise<NatsConnection> {
  return connect(natsConnectionOptions({ ...defaultBusOptions(), ...options }));
}
