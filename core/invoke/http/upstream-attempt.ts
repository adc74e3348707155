import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamSink } from '../invoker.js';
import { endToEndHeaders } from './hop-by-hop.js';

type Settle = (error?: Error) => void;

/**
 * One dispatch to one endpoint, as an undici handler that streams the response into the sink.
 * Two moments matter and are reported separately: the response head (success for the breaker,
 * and the point after which no retry is possible) and the end of the body.
 */
export class UpstreamAttempt implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private headArrived = false;
  private settleHead: Settle | undefined;
  /** How the body ended before anyone asked (`whenDone`), or the waiter once someone did. */
  private bodyOutcome: 'pending' | 'complete' | Error = 'pending';
  private bodyWaiter: Settle | undefined;
  private headTimer: NodeJS.Timeout | undefined;
  /** Set once the head deadline passed or the client left: the attempt is over, even if undici has not started it yet. */
  private cancelled: Error | undefined;

  constructor(
    private readonly sink: UpstreamSink,
    private readonly onHead: (status: number) => void,
    private readonly headTimeoutMs: number,
  ) {}

  /**
   * Resolves when the body has been delivered; rejects if the upstream fails after the head.
   * Created on demand (after the head) so an attempt that fails earlier allocates no promise
   * that nobody would await.
   */
  whenDone(): Promise<void> {
    if (this.bodyOutcome === 'complete') return Promise.resolve();
    if (this.bodyOutcome instanceof Error) return Promise.reject(this.bodyOutcome);
    return new Promise<void>((resolve, reject) => {
      this.bodyWaiter = (error) => (error ? reject(error) : resolve());
    });
  }

  private settleBody(error?: Error): void {
    if (this.bodyWaiter !== undefined) this.bodyWaiter(error);
    else this.bodyOutcome = error ?? 'complete';
  }

  /**
   * Dispatches on `pool`; resolves when the response head has been handed to the sink, rejects
   * with code GANTRY_UPSTREAM_TIMEOUT when no head arrived within the timeout (queueing and
   * connecting included: the API's budget is what the client waits, whatever the cause).
   */
  start(pool: Dispatcher, options: Dispatcher.DispatchOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settleHead = (error) => (error ? reject(error) : resolve());
      this.sink.onClientGone(() => this.abortFromClient());
      // Why our own timer: undici runs headersTimeout on a coarse clock (about 1 s resolution), so
      // a 250 ms API timeout would answer after a second and let later answers through.
      this.headTimer = setTimeout(() => this.expire(), this.headTimeoutMs);
      this.headTimer.unref();
      pool.dispatch(options, this);
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Cancelled while queued or connecting: the request must not go out after the call ended.
    if (this.cancelled !== undefined) controller.abort(this.cancelled);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx interim responses (100-continue, 103) are not forwarded; the final head follows.
    if (statusCode < 200 || this.cancelled !== undefined) return;
    this.clearHeadTimer();
    this.headArrived = true;
    this.onHead(statusCode);
    const written = this.sink.start(statusCode, endToEndHeaders(headers));
    if (written instanceof Promise) {
      controller.pause();
      written.then(
        () => this.afterHead(controller),
        (error: Error) => { this.settleHead?.(error); controller.abort(error); },
      );
      return;
    }
    this.afterHead(controller);
  }

  private afterHead(controller: Dispatcher.DispatchController): void {
    this.settleHead?.();
    if (this.sink.finished) {
      // A plugin answered instead of the upstream: stop reading its body; the call succeeded.
      controller.abort(Object.assign(new Error('answer replaced by a plugin'), { code: 'GANTRY_REPLACED', breakerNeutral: true }));
    } else if (controller.paused) {
      controller.resume();
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.cancelled !== undefined) return;
    if (!this.sink.data(chunk)) {
      controller.pause();
      this.sink.onWritable(() => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.sink.end();
    this.settleBody();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.clearHeadTimer();
    if (!this.headArrived) this.settleHead?.(error);
    else this.settleBody(this.sink.finished ? undefined : error);
  }

  private expire(): void {
    this.headTimer = undefined;
    if (this.headArrived) return;
    this.cancel(Object.assign(new Error(`no response head within ${this.headTimeoutMs} ms`), { code: 'GANTRY_UPSTREAM_TIMEOUT' }));
  }

  /** Ends the attempt before its head: settles `start`, and aborts the dispatch now or once it starts. */
  private cancel(error: Error): void {
    this.clearHeadTimer();
    this.cancelled = error;
    this.settleHead?.(error);
    this.controller?.abort(error);
  }

  private clearHeadTimer(): void {
    if (this.headTimer === undefined) return;
    clearTimeout(this.headTimer);
    this.headTimer = undefined;
  }

  private abortFromClient(): void {
    if (this.controller?.aborted === true || this.cancelled !== undefined) return;
    const error = Object.assign(new Error('client closed the connection'), { code: 'GANTRY_CLIENT_GONE', breakerNeutral: true });
    // Before the head (even before undici started the request) the attempt just ends; after it,
    // aborting makes onResponseError report the cut body through `done`.
    if (!this.headArrived) this.cancel(error);
    else this.controller?.abort(error);
  }
}
