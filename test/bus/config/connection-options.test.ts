import { afterEach, describe, expect, it } from 'vitest';
import { connectBus, defaultBusOptions, natsConnectionOptions } from '../../../bus/connection.js';
import { sharedNatsUrl } from '../support/test-bucket.js';

describe('bus connection', () => {
  const saved = process.env.GANTRY_NATS;
  afterEach(() => {
    if (saved === undefined) delete process.env.GANTRY_NATS;
    else process.env.GANTRY_NATS = saved;
  });

  it('bus connection - defaults reconnect for ever to GANTRY_NATS or the local server', () => {
    delete process.env.GANTRY_NATS;
    expect(defaultBusOptions()).toMatchObject({ servers: ['nats://127.0.0.1:4222'], maxReconnectAttempts: -1, waitOnFirstConnect: false });
    process.env.GANTRY_NATS = 'nats://a:4222, nats://b:4222';
    expect(defaultBusOptions().servers).toEqual(['nats://a:4222', 'nats://b:4222']);
  });

  it('bus connection - options map onto the client, auth by user or by creds file', () => {
    const base = { ...defaultBusOptions(), name: 'n', reconnectTimeWaitMs: 250, connectTimeoutMs: 900 };
    expect(natsConnectionOptions({ ...base, user: 'u', pass: 'p' })).toMatchObject({ name: 'n', user: 'u', pass: 'p', reconnectTimeWait: 250, timeout: 900, maxReconnectAttempts: -1 });
    expect(typeof natsConnectionOptions({ ...base, credsFile: '/etc/gantry/node.creds' }).authenticator).toBe('function');
    expect(() => natsConnectionOptions({ ...base, user: 'u', credsFile: '/x.creds' })).toThrow(/`user` and `credsFile`/);
    expect(() => natsConnectionOptions({ ...base, pass: 'p' })).toThrow(/`pass` is given without `user`/);
  });

  it('bus connection - connects to the test server with its name', async () => {
    const nc = await connectBus({ servers: [sharedNatsUrl], name: 'gantry-test-connection' });
    try {
      expect(nc.isClosed()).toBe(false);
      expect(nc.info?.jetstream).toBe(true);
    } finally {
      await nc.close();
    }
  });
});
