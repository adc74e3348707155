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
  private settleDone: Settle | undefined;
  /** Resolves when the body has been delivered; rejects if the upstream fails after the head. */
  readonly done: Promise<void>;

  constructor(
    private readonly sink: UpstreamSink,
    private readonly onHead: (status: number) => void,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settleDone = (error) => (error ? reject(error) : resolve());
    });
    // Why: until the head arrives, failures are reported through `start()`, not `done`.
    this.done.catch(() => undefined);
  }

  /** Dispatches on `pool`; resolves when the response head has been handed to the sink. */
  start(pool: Dispatcher, options: Dispatcher.DispatchOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settleHead = (error) => (error ? reject(error) : resolve());
      this.sink.onClientGone(() => this.abortFromClient());
      pool.dispatch(options, this);
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx interim responses (100-continue, 103) are not forwarded; the final head follows.
    if (statusCode < 200) return;
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
    if (!this.sink.data(chunk)) {
      controller.pause();
      this.sink.onWritable(() => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.sink.end();
    this.settleDone?.();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (!this.headArrived) this.settleHead?.(error);
    else this.settleDone?.(this.sink.finished ? undefined : error);
  }

  private abortFromClient(): void {
    const controller = this.controller;
    if (controller === undefined || controller.aborted) return;
    const error = Object.assign(new Error('client closed the connection'), { code: 'GANTRY_CLIENT_GONE', breakerNeutral: true });
    controller.abort(error);
  }
}
