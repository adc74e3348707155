import type { CallExchange } from '../pipeline/call-exchange.js';
import type { Invoker, RequestBody, UpstreamSink } from './invoker.js';

/** Settings of a mock backend, already validated and defaulted by the config layer. */
export interface MockBackendSpec {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Result code recorded for a mock answer (1100 DefaultMockStatus unless configured). */
  readonly resultCode: number;
}

/** Answers from config without any upstream: for APIs whose backend is not ready yet. */
export class MockInvoker implements Invoker {
  readonly protocolName = 'Mock';
  private readonly bodyBytes: Buffer;

  constructor(private readonly spec: MockBackendSpec) {
    this.bodyBytes = Buffer.from(spec.body);
  }

  async invoke(exchange: CallExchange, body: RequestBody, sink: UpstreamSink): Promise<void> {
    // Why drain: a mock must still consume the request so the keep-alive connection stays usable.
    const stream = body.stream();
    if (stream) stream.resume();
    exchange.outcome.resultCode = this.spec.resultCode;
    exchange.outcome.upstreamMs = 0;
    const headers: Record<string, string> = { ...this.spec.headers, 'content-length': String(this.bodyBytes.length) };
    await sink.start(this.spec.status, headers);
    if (this.bodyBytes.length > 0) sink.data(this.bodyBytes);
    sink.end();
  }
}
