import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { newSpanId, newTraceId } from '../../pipeline/trace-id.js';

const W3C_TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;

/** True for a valid W3C trace id: 32 lower-case hex digits, not all zero. */
export function isW3cTraceId(id: string): boolean {
  return W3C_TRACE_ID.test(id);
}

/**
 * The SDK's id source: the gateway's pooled random ids (one crypto fill per 256 ids, where the
 * SDK's default calls Math.random per 4 bytes), except that the next root span may be given its
 * trace id — the one the sampler was asked about, or an RPC front's W3C-shaped id. Set `next`
 * right before starting that span: span creation is synchronous, so no other call can take it.
 */
export class PresetTraceIdGenerator implements IdGenerator {
  next: string | undefined = undefined;

  generateTraceId(): string {
    const preset = this.next;
    if (preset === undefined) return newTraceId();
    this.next = undefined;
    return preset;
  }

  generateSpanId(): string {
    return newSpanId();
  }
}
