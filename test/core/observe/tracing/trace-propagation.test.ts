import { defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { describe, expect, it } from 'vitest';
import { TracePropagation, type OutgoingHeaders } from '../../../../core/observe/tracing/trace-propagation.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const OTHER_TRACE = '80f198ee56343ba864fe8b2a57d3eff7';
const OTHER_SPAN = 'e457b5a2e4d86bd1';

const OUR_TRACE = '0af7651916cd43dd8448eb211c80319c';
const OUR_SPAN = 'b7ad6b7169203331';
const ourSpan = (sampled: boolean) => trace.wrapSpanContext({ traceId: OUR_TRACE, spanId: OUR_SPAN, traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE });

describe('trace propagation - extract', () => {
  const propagation = new TracePropagation(['tracecontext', 'b3']);

  it('extract - W3C traceparent and tracestate', () => {
    const found = propagation.extract({ traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'vendor=opaque' });
    expect(found).toMatchObject({ traceId: TRACE, spanId: PARENT, traceFlags: TraceFlags.SAMPLED, isRemote: true });
    expect(found?.traceState?.get('vendor')).toBe('opaque');
  });

  it('extract - B3 single header', () => {
    expect(propagation.extract({ b3: `${OTHER_TRACE}-${OTHER_SPAN}-1` })).toMatchObject({ traceId: OTHER_TRACE, spanId: OTHER_SPAN, traceFlags: TraceFlags.SAMPLED });
  });

  it('extract - B3 multi headers (X-B3-*), not sampled', () => {
    const found = propagation.extract({ 'x-b3-traceid': OTHER_TRACE, 'x-b3-spanid': OTHER_SPAN, 'x-b3-sampled': '0' });
    expect(found).toMatchObject({ traceId: OTHER_TRACE, spanId: OTHER_SPAN, traceFlags: TraceFlags.NONE });
  });

  it('extract - a 64-bit B3 trace id is widened to 128 bits', () => {
    expect(propagation.extract({ b3: `a3ce929d0e0e4736-${OTHER_SPAN}-1` })?.traceId).toBe(`0000000000000000a3ce929d0e0e4736`);
  });

  it('extract - the first listed format present wins', () => {
    const both = { traceparent: `00-${TRACE}-${PARENT}-01`, b3: `${OTHER_TRACE}-${OTHER_SPAN}-1` };
    expect(propagation.extract(both)?.traceId).toBe(TRACE);
    expect(new TracePropagation(['b3', 'tracecontext']).extract(both)?.traceId).toBe(OTHER_TRACE);
  });

  it('extract - an invalid context is ignored, and the next format is tried', () => {
    expect(propagation.extract({ traceparent: `00-${'0'.repeat(32)}-${PARENT}-01` })).toBeUndefined();
    expect(propagation.extract({ traceparent: 'garbage', b3: `${OTHER_TRACE}-${OTHER_SPAN}-1` })?.traceId).toBe(OTHER_TRACE);
    expect(propagation.extract({})).toBeUndefined();
  });

  it('extract - a format not configured is not read', () => {
    expect(new TracePropagation(['tracecontext']).extract({ b3: `${OTHER_TRACE}-${OTHER_SPAN}-1` })).toBeUndefined();
    expect(new TracePropagation([]).extract({ traceparent: `00-${TRACE}-${PARENT}-01` })).toBeUndefined();
  });
});

describe('trace propagation - inject', () => {
  it('inject - W3C and B3 single, replacing the caller context', () => {
    const headers: OutgoingHeaders = {
      traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'vendor=opaque', 'x-b3-traceid': OTHER_TRACE, 'x-b3-spanid': OTHER_SPAN, accept: '*/*',
    };
    new TracePropagation(['tracecontext', 'b3']).inject(ourSpan(true), headers);
    expect(headers).toEqual({ traceparent: `00-${OUR_TRACE}-${OUR_SPAN}-01`, b3: `${OUR_TRACE}-${OUR_SPAN}-1`, accept: '*/*' });
  });

  it('inject - B3 multi headers, not sampled', () => {
    const headers: OutgoingHeaders = {};
    new TracePropagation(['b3multi']).inject(ourSpan(false), headers);
    expect(headers).toEqual({ 'x-b3-traceid': OUR_TRACE, 'x-b3-spanid': OUR_SPAN, 'x-b3-sampled': '0' });
  });

  it('inject - W3C flags 00 for a call that is not sampled', () => {
    const headers: OutgoingHeaders = {};
    new TracePropagation(['tracecontext']).inject(ourSpan(false), headers);
    expect(headers).toEqual({ traceparent: `00-${OUR_TRACE}-${OUR_SPAN}-00` });
  });

  it('inject - no propagators: headers are left as the caller sent them', () => {
    const headers: OutgoingHeaders = { traceparent: `00-${TRACE}-${PARENT}-01` };
    new TracePropagation([]).inject(ourSpan(true), headers);
    expect(headers).toEqual({ traceparent: `00-${TRACE}-${PARENT}-01` });
  });

  it('inject - baggage passes through untouched', () => {
    const headers: OutgoingHeaders = { baggage: 'k=v' };
    new TracePropagation(['tracecontext', 'baggage']).inject(ourSpan(true), headers);
    expect(headers).toEqual({ baggage: 'k=v', traceparent: `00-${OUR_TRACE}-${OUR_SPAN}-01` });
  });

  it('inject - writes exactly what the OpenTelemetry propagators write, tracestate included', () => {
    const context = { traceId: OUR_TRACE, spanId: OUR_SPAN, traceFlags: TraceFlags.SAMPLED, traceState: new TraceState('a=1,b=2') };
    for (const names of [['tracecontext', 'b3'], ['tracecontext', 'b3multi']] as const) {
      const ours: OutgoingHeaders = {};
      new TracePropagation(names).inject(trace.wrapSpanContext(context), ours);
      const theirs: Record<string, string> = {};
      const propagators = [new W3CTraceContextPropagator(), new B3Propagator({ injectEncoding: names[1] === 'b3' ? B3InjectEncoding.SINGLE_HEADER : B3InjectEncoding.MULTI_HEADER })];
      for (const propagator of propagators) propagator.inject(trace.setSpanContext(ROOT_CONTEXT, context), theirs, defaultTextMapSetter);
      expect(ours).toEqual(theirs);
    }
  });

  it('caller header - the raw header that carried the context, for the digest log', () => {
    expect(TracePropagation.callerHeader({ traceparent: `00-${TRACE}-${PARENT}-01` })).toBe(`00-${TRACE}-${PARENT}-01`);
    expect(TracePropagation.callerHeader({ b3: `${OTHER_TRACE}-${OTHER_SPAN}-1` })).toBe(`${OTHER_TRACE}-${OTHER_SPAN}-1`);
    expect(TracePropagation.callerHeader({ 'x-b3-traceid': OTHER_TRACE })).toBe(OTHER_TRACE);
    expect(TracePropagation.callerHeader({})).toBe('');
  });
});
