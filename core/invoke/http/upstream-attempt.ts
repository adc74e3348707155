import type { Dispatcher } from 'undici';
import type { UpstreamSink } from '../invoker.js';
import type { HttpEndpoint } from './http-endpoint.js';
import { responseHeadersFromRaw } from './response-head.js';

/**
 * What an attempt reports to the call that made it. Exactly one of `headFailed` or `headDelivered`
 * is reported, and after `headDelivered` exactly one of `bodyEnded` or `bodyFailed`.
 */
export interface AttemptListener {
  /** The final response head arrived with `status` (the upstream's latency ends here). */
  headArrived(status: number): void;
  /** The head has been written to the client: the endpoint answered, no retry is possible any more. */
  headDelivered(attempt: UpstreamAttempt): void;
  /** The attempt ended before its head reached the client; the call may retry elsewhere. */
  headFailed(attempt: UpstreamAttempt, error: Error): void;
  /** The body has been delivered (or a plugin's answer replaced it). */
  bodyEnded(): void;
  /** The upstream failed after the head; the client's answer is cut. */
  bodyFailed(attempt: UpstreamAttempt, error: Error): void;
}

/** Where an attempt is: waiting for the head, writing it (a response plugin is async), streaming the body, over. */
const enum Phase { Head, WritingHead, Body, Over }

function expireAttempt(attempt: UpstreamAttempt): void {
  attempt.expire();
}

/**
 * One dispatch to one endpoint, as an undici handler that streams the response into the sink.
 *
 * It implements undici's original handler interface (onConnect/onHeaders/onData/onComplete/onError)
 * rather than the newer controller one: undici 7 drives the original interface itself and wraps a
 * newer-style handler in an adapter that allocates a controller and parses the raw headers into an
 * object per request, which we would then copy again to drop hop-by-hop headers (measured in
 * ops/bench/RESULTS.md). When undici drops it, only this file changes.
 */
export class UpstreamAttempt implements Dispatcher.DispatchHandler {
  private phase = Phase.Head;
  private abortDispatch: ((error?: Error) => void) | undefined;
  /** Undici's parser `resume`, handed over with the head; called after returning false from onData. */
  private resumeParser: (() => void) | undefined;
  private headTimer: NodeJS.Timeout | undefined;
  /** Set once the head deadline passed or the client left before the head: the dispatch must not go on. */
  private cancelled: Error | undefined;
  /** A failure that arrived while an asynchronous response phase was writing the head. */
  private lateError: Error | undefined;
  private lateEnd = false;

  constructor(
    private readonly listener: AttemptListener,
    readonly endpoint: HttpEndpoint,
    private readonly sink: UpstreamSink,
    private readonly headTimeoutMs: number,
  ) {}

  /** Sends the request; the outcome arrives through the listener. */
  dispatch(options: Dispatcher.DispatchOptions): void {
    this.sink.onClientGone(() => this.abortFromClient());
    // Why our own timer: undici runs headersTimeout on a coarse clock (about 1 s resolution), so
    // a 250 ms API timeout would answer after a second and let later answers through.
    this.headTimer = setTimeout(expireAttempt, this.headTimeoutMs, this);
    this.headTimer.unref();
    this.endpoint.pool.dispatch(options, this);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortDispatch = abort;
    // Cancelled while queued or connecting: the request must not go out after the call ended.
    if (this.cancelled !== undefined) abort(this.cancelled);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx interim responses (100-continue, 103) are not forwarded; the final head follows.
    if (statusCode < 200 || this.phase !== Phase.Head) return true;
    this.clearHeadTimer();
    this.resumeParser = resume;
    this.phase = Phase.WritingHead;
    this.listener.headArrived(statusCode);
    const written = this.sink.start(statusCode, responseHeadersFromRaw(rawHeaders));
    if (written instanceof Promise) {
      written.then(() => this.headWritten(true), (error: Error) => this.headRefused(error));
      return false;
    }
    return this.headWritten(false);
  }

  /** Returns whether undici should go on reading the body. */
  private headWritten(paused: boolean): boolean {
    if (this.phase !== Phase.WritingHead) return false;
    this.phase = Phase.Body;
    this.listener.headDelivered(this);
    if (this.lateError !== undefined || this.lateEnd) {
      this.endBody(this.lateError);
      return false;
    }
    if (this.sink.finished) {
      // A plugin answered instead of the upstream: stop reading its body; the call succeeded.
      this.abortDispatch?.(Object.assign(new Error('answer replaced by a plugin'), { code: 'GANTRY_REPLACED', breakerNeutral: true }));
      return false;
    }
    if (paused) this.resumeParser?.();
    return true;
  }

  /** A response-phase plugin failed on the head: the attempt ends before anything was written. */
  private headRefused(error: Error): void {
    if (this.phase !== Phase.WritingHead) return;
    this.phase = Phase.Over;
    this.listener.headFailed(this, error);
    this.abortDispatch?.(error);
  }

  onData(chunk: Buffer): boolean {
    if (this.phase !== Phase.Body) return true;
    if (this.sink.data(chunk)) return true;
    if (this.resumeParser !== undefined) this.sink.onWritable(this.resumeParser);
    return false;
  }

  onComplete(): void {
    if (this.phase === Phase.WritingHead) this.lateEnd = true;
    else if (this.phase === Phase.Body) this.endBody(undefined);
  }

  onError(error: Error): void {
    this.clearHeadTimer();
    if (this.phase === Phase.Head) {
      this.phase = Phase.Over;
      this.listener.headFailed(this, error);
    } else if (this.phase === Phase.WritingHead) {
      this.lateError = error;
    } else if (this.phase === Phase.Body) {
      this.endBody(this.sink.finished ? undefined : error);
    }
  }

  private endBody(error: Error | undefined): void {
    this.phase = Phase.Over;
    if (error === undefined) {
      if (!this.sink.finished) this.sink.end();
      this.listener.bodyEnded();
    } else {
      this.listener.bodyFailed(this, error);
    }
  }

  /** The head deadline passed (called by the head timer). */
  expire(): void {
    this.headTimer = undefined;
    if (this.phase !== Phase.Head) return;
    this.cancel(Object.assign(new Error(`no response head within ${this.headTimeoutMs} ms`), { code: 'GANTRY_UPSTREAM_TIMEOUT' }));
  }

  /** Ends the attempt before its head: reports it, and aborts the dispatch now or once it starts. */
  private cancel(error: Error): void {
    this.clearHeadTimer();
    this.cancelled = error;
    this.phase = Phase.Over;
    this.listener.headFailed(this, error);
    this.abortDispatch?.(error);
  }

  private clearHeadTimer(): void {
    if (this.headTimer === undefined) return;
    clearTimeout(this.headTimer);
    this.headTimer = undefined;
  }

  private abortFromClient(): void {
    if (this.phase === Phase.Over) return;
    const error = Object.assign(new Error('client closed the connection'), { code: 'GANTRY_CLIENT_GONE', breakerNeutral: true });
    // Before the head (even before undici started the request) the attempt just ends; after it,
    // aborting makes onError report the cut body.
    if (this.phase === Phase.Head) this.cancel(error);
    else this.abortDispatch?.(error);
  }
}
