import { describe, expect, it } from 'vitest';
import type { RequestBody } from '../../../core/invoke/invoker.js';
import { CallExchange } from '../../../core/pipeline/call-exchange.js';
import { CallHandler } from '../../../core/pipeline/call-handler.js';
import type { CallRecorder } from '../../../core/pipeline/call-recorder.js';
import type { ReplyChannel } from '../../../core/pipeline/reply-channel.js';
import type { RoutedApi, ServingSnapshot } from '../../../core/pipeline/serving-snapshot.js';
import { compileRouter } from '../../../core/router/index.js';

/** A snapshot with no group at all, counting the calls that enter and leave it. */
function countingSnapshot(): ServingSnapshot & { entered: number; left: number } {
  return {
    router: compileRouter<RoutedApi>([], []),
    bodyLimitBytes: 1024,
    entered: 0,
    left: 0,
    enter() { this.entered++; },
    leave() { this.left++; },
  };
}

const NO_BODY: RequestBody = { declaredLength: 0, stream: () => null, readAll: () => Promise.resolve(Buffer.alloc(0)) };

/** A channel that refuses to write, as a torn-down socket might. */
function brokenChannel(): ReplyChannel & { destroyed: number } {
  return {
    headersSent: false,
    clientGone: false,
    destroyed: 0,
    writeHead() { throw new Error('cannot write'); },
    write: () => false,
    onDrain: () => undefined,
    end: () => undefined,
    destroy() { this.destroyed++; },
    onClientGone: () => undefined,
  };
}

function exchange(): CallExchange {
  return new CallExchange('http', 'GET', '/x', '', {}, '127.0.0.1', 1, performance.now());
}

describe('call handler', () => {
  it('call handler - a channel that fails while answering is cut, and the call still leaves', async () => {
    const snapshot = countingSnapshot();
    const recorded: number[] = [];
    const recorder: CallRecorder = { record: (e) => recorded.push(e.outcome.resultCode), failed: () => undefined };
    const handler = new CallHandler({ current: snapshot }, recorder);
    const channel = brokenChannel();
    await expect(handler.handle(exchange(), NO_BODY, channel)).resolves.toBeUndefined();
    expect(channel.destroyed).toBe(1);
    expect(recorded).toEqual([3001]);
    expect(handler.inFlight).toBe(0);
    expect([snapshot.entered, snapshot.left]).toEqual([1, 1]);
  });

  it('call handler - a recorder that throws neither rejects the call nor keeps it in flight', async () => {
    const snapshot = countingSnapshot();
    const recorder: CallRecorder = { record: () => { throw new Error('log gone'); }, failed: () => { throw new Error('log gone'); } };
    const handler = new CallHandler({ current: snapshot }, recorder);
    await expect(handler.handle(exchange(), NO_BODY, brokenChannel())).resolves.toBeUndefined();
    expect(handler.inFlight).toBe(0);
    expect(snapshot.left).toBe(1);
  });
});
