/**
 * Vitest global setup: makes sure a JetStream-enabled nats-server answers on 127.0.0.1:4222 before
 * any suite runs, starting one (and installing Debian's package if missing) when none does.
 * Suites that must kill or restart NATS start their own server on a free port instead.
 */
import { ensureNatsServer } from './support/nats-server.js';

export default async function setup(): Promise<() => Promise<void>> {
  const stop = await ensureNatsServer();
  return stop;
}
