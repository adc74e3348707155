import type { NatsConnection } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeCommandResponder, nodeCommandSubject, sendNodeCommand } from '../../../bus/status/index.js';
import { openStatusConnection, servingReport } from './status-fixture.js';

describe('node commands', () => {
  let nc: NatsConnection;
  let subjectRoot: string;
  let responder: NodeCommandResponder;
  let level = 'info';
  let drainArgs: unknown = null;
  beforeEach(async () => {
    ({ nc, subjectRoot } = await openStatusConnection());
    responder = new NodeCommandResponder(nc, 'gw-1', {
      status: () => ({ id: 'gw-1', ...servingReport() }),
      'dump-config': async () => ({ revision: 42, document: { apis: [] } }),
      'set-log-level': (args) => {
        const wanted = (args as { level?: unknown } | undefined)?.level;
        if (wanted !== 'debug' && wanted !== 'info') throw new Error(`unknown level ${String(wanted)}`);
        level = wanted;
        return { level };
      },
    }, { subjectRoot }).start();
    await nc.flush();
  });
  afterEach(async () => {
    await responder.stop();
    await nc.close();
  });

  const send = (cmd: Parameters<typeof sendNodeCommand>[2], args?: unknown, nodeId = 'gw-1') =>
    sendNodeCommand(nc, nodeId, cmd, args, 2000, { subjectRoot });

  it('node commands - status and dump-config answer with the handlers\' results', async () => {
    expect(await send('status')).toEqual({ ok: true, result: { id: 'gw-1', ...servingReport() } });
    expect(await send('dump-config')).toEqual({ ok: true, result: { revision: 42, document: { apis: [] } } });
  });

  it('node commands - set-log-level gets its args; a throwing handler answers handler-failed', async () => {
    expect(await send('set-log-level', { level: 'debug' })).toEqual({ ok: true, result: { level: 'debug' } });
    expect(level).toBe('debug');
    expect(await send('set-log-level', { level: 'loud' })).toEqual({ ok: false, code: 'handler-failed', error: 'unknown level loud' });
  });

  it('node commands - a command without a handler, or not a command, is unknown', async () => {
    expect(await send('drain')).toMatchObject({ ok: false, code: 'unknown-command' });
    const reply = await nc.request(nodeCommandSubject('gw-1', subjectRoot), JSON.stringify({ cmd: 'reboot' }));
    expect(reply.json()).toMatchObject({ ok: false, code: 'unknown-command', error: expect.stringContaining('reboot') });
  });

  it('node commands - a handler registered later answers, with its args', async () => {
    responder.handle('drain', async (args) => { drainArgs = args; return { draining: true }; });
    expect(await send('drain', { timeoutMs: 5000 })).toEqual({ ok: true, result: { draining: true } });
    expect(drainArgs).toEqual({ timeoutMs: 5000 });
  });

  it('node commands - a request that is not { cmd } JSON is a bad request', async () => {
    const subject = nodeCommandSubject('gw-1', subjectRoot);
    expect((await nc.request(subject, 'status')).json()).toMatchObject({ ok: false, code: 'bad-request' });
    expect((await nc.request(subject, '{"command":"status"}')).json()).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('node commands - no such node answers no-responder; a silent node answers timeout', async () => {
    expect(await send('status', undefined, 'gw-missing')).toMatchObject({ ok: false, code: 'no-responder' });
    // A listener that never replies.
    const silent = nc.subscribe(nodeCommandSubject('gw-silent', subjectRoot), { callback: () => undefined });
    await nc.flush();
    try {
      expect(await sendNodeCommand(nc, 'gw-silent', 'status', undefined, 100, { subjectRoot })).toMatchObject({ ok: false, code: 'timeout' });
    } finally {
      silent.unsubscribe();
    }
  });

  it('node commands - stop ends answering', async () => {
    await responder.stop();
    expect(await send('status')).toMatchObject({ ok: false, code: 'no-responder' });
  });
});
