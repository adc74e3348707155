import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BoltFrameDecoder,
  DubboFrameDecoder,
  decodeDubboEvent,
  decodeDubboRequest,
  decodeDubboResponse,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeDubboHeartbeat,
  encodeDubboRequest,
  encodeDubboResponse,
  encodeSofaRequest,
  encodeSofaResponse,
  isProtocolError,
  toHessian,
  type BoltFrame,
  type DubboFrame,
} from '../../../core/protocol/index.js';

// Every input must end in frames or a ProtocolError: nothing else may escape, and nothing may hang
// (vitest's timeout bounds each property; runs are small to keep the suite fast).

const RUNS = 1000;

const boltSamples = [
  encodeSofaRequest(1, {
    service: 'com.a.Echo:1.0',
    method: 'echo',
    argTypes: ['java.lang.String', 'java.util.Map', 'long'],
    args: [toHessian('hi', 'java.lang.String'), toHessian({ a: [1, 2] }, 'java.util.Map'), toHessian('9007199254740993', 'long')],
    requestProps: { rpc_trace_context: { sofaTraceId: 't' } },
  }),
  encodeSofaRequest(2, { service: 's:1.0', method: 'm', argTypes: ['com.a.P'], args: [toHessian({ x: 1 }, 'com.a.P')] }, { hessian: '3.x' }),
  encodeSofaResponse(3, { isError: false, errorMsg: null, appResponse: { $class: 'com.a.P', $: { x: [1] } }, responseProps: null }, { framing: { version: 2, ver1: 2, crc: true } }),
  encodeSofaResponse(4, { status: 2, message: 'boom' }),
];

const dubboSamples = [
  encodeDubboRequest(1n, {
    dubboVersion: '2.0.2',
    path: 'com.a.Echo',
    version: '',
    method: 'echo',
    argTypes: ['java.lang.String', 'int[]'],
    args: [toHessian('hi', 'java.lang.String'), toHessian([1, 2], 'int[]')],
    attachments: { path: 'com.a.Echo' },
  }),
  encodeDubboResponse(2n, { kind: 'value', value: { $class: 'com.a.P', $: { x: 'y' } }, attachments: { a: 'b' } }),
  encodeDubboResponse(3n, { kind: 'error', status: 70, message: 'bad' }),
  encodeDubboHeartbeat(4n, { isRequest: true }),
];

/** A valid frame with some bytes overwritten, possibly inside a length field. */
function mutated(samples: Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }))
    .map(([sample, edits]) => {
      const copy = Buffer.from(sample);
      for (const [at, byte] of edits) copy[at % copy.length] = byte;
      return copy;
    });
}

/** Splits a buffer at random points, as a socket would. */
function chunked(bytes: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer[]> {
  return fc.tuple(bytes, fc.array(fc.nat(), { maxLength: 6 })).map(([buf, cuts]) => {
    const points = [...new Set(cuts.map((c) => (buf.length === 0 ? 0 : c % buf.length)))].sort((a, b) => a - b);
    const parts: Buffer[] = [];
    let from = 0;
    for (const point of points) {
      parts.push(buf.subarray(from, point));
      from = point;
    }
    parts.push(buf.subarray(from));
    return parts;
  });
}

const randomBytes = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));

function onlyProtocolErrors(run: () => void): void {
  try {
    run();
  } catch (err) {
    if (!isProtocolError(err)) throw err;
  }
}

/** Payloads that reached a payload decoder: the property must not stop at framing errors only. */
const reached = { bolt: 0, dubbo: 0 };

function decodeBoltPayload(frame: BoltFrame): void {
  reached.bolt++;
  if (frame.kind === 'request') decodeSofaRequest(frame);
  if (frame.kind === 'response') decodeSofaResponse(frame);
}

function decodeDubboPayload(frame: DubboFrame): void {
  reached.dubbo++;
  if (frame.event) decodeDubboEvent(frame);
  else if (frame.isRequest) decodeDubboRequest(frame);
  else decodeDubboResponse(frame);
}

describe('fuzz - bolt', () => {
  it('frame decoder and payload decoders throw only ProtocolError on random and mutated bytes', () => {
    fc.assert(
      fc.property(chunked(fc.oneof(randomBytes, mutated(boltSamples))), (chunks) => {
        onlyProtocolErrors(() => {
          const decoder = new BoltFrameDecoder({ maxFrameBytes: 64 * 1024 });
          for (const chunk of chunks) {
            for (const frame of decoder.push(chunk)) onlyProtocolErrors(() => decodeBoltPayload(frame));
          }
        });
      }),
      { numRuns: RUNS },
    );
    expect(reached.bolt).toBeGreaterThan(RUNS / 10);
  });
});

describe('fuzz - dubbo', () => {
  it('frame decoder and payload decoders throw only ProtocolError on random and mutated bytes', () => {
    fc.assert(
      fc.property(chunked(fc.oneof(randomBytes, mutated(dubboSamples))), (chunks) => {
        onlyProtocolErrors(() => {
          const decoder = new DubboFrameDecoder({ maxFrameBytes: 64 * 1024 });
          for (const chunk of chunks) {
            for (const frame of decoder.push(chunk)) onlyProtocolErrors(() => decodeDubboPayload(frame));
          }
        });
      }),
      { numRuns: RUNS },
    );
    expect(reached.dubbo).toBeGreaterThan(RUNS / 10);
  });
});

describe('fuzz - payloads inside valid frames', () => {
  /** Valid frames whose payload bytes (not the framing) are mutated. */
  function payloadMutations<F extends { content: Buffer } | { body: Buffer }>(frames: F[]): fc.Arbitrary<F> {
    return fc
      .tuple(fc.constantFrom(...frames), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat())
      .map(([frame, edits, cut]) => {
        const bytes = Buffer.from('content' in frame ? frame.content : frame.body);
        for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
        const payload = bytes.subarray(0, bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0));
        return 'content' in frame ? { ...frame, content: payload } : { ...frame, body: payload };
      });
  }

  it('hessian payload decoders throw only ProtocolError', () => {
    const bolt = boltSamples.flatMap((buf) => new BoltFrameDecoder().push(buf)).filter((f) => f.kind === 'request' || f.kind === 'response');
    const dubbo = dubboSamples.flatMap((buf) => new DubboFrameDecoder().push(buf));
    fc.assert(fc.property(payloadMutations(bolt), (frame) => onlyProtocolErrors(() => decodeBoltPayload(frame))), { numRuns: RUNS });
    fc.assert(fc.property(payloadMutations(dubbo), (frame) => onlyProtocolErrors(() => decodeDubboPayload(frame))), { numRuns: RUNS });
  });
});

describe('fuzz - declared lengths', () => {
  it('buffers only the bytes received for a frame that declares up to 2 GiB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 0x7fffffff - 64 }), fc.integer({ min: 0, max: 200 }), (declared, sent) => {
        const bolt = Buffer.from(boltSamples[0] as Buffer).subarray(0, 22);
        bolt.writeInt32BE(declared, 18);
        const boltDecoder = new BoltFrameDecoder({ maxFrameBytes: 2 ** 33 });
        expect(boltDecoder.push(Buffer.concat([bolt, Buffer.alloc(sent)]))).toEqual([]);
        expect(boltDecoder.bufferedBytes).toBe(22 + sent);

        const dubbo = Buffer.from(dubboSamples[0] as Buffer).subarray(0, 16);
        dubbo.writeInt32BE(declared, 12);
        const dubboDecoder = new DubboFrameDecoder({ maxFrameBytes: 2 ** 33 });
        expect(dubboDecoder.push(Buffer.concat([dubbo, Buffer.alloc(sent)]))).toEqual([]);
        expect(dubboDecoder.bufferedBytes).toBe(16 + sent);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a declared length over the limit with frame-too-large', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64 * 1024, max: 0x7fffffff - 64 }), (declared) => {
        const head = Buffer.from(dubboSamples[1] as Buffer).subarray(0, 16);
        head.writeInt32BE(declared, 12);
        let reason: string | undefined;
        try {
          new DubboFrameDecoder({ maxFrameBytes: 64 * 1024 }).push(head);
        } catch (err) {
          reason = isProtocolError(err) ? err.reason : String(err);
        }
        expect(reason).toBe('frame-too-large');
      }),
      { numRuns: 50 },
    );
  });
});
