import { createRequire } from 'node:module';
import hessian from 'hessian.js';
import protobuf from 'protobufjs';
import {
  SofaProtobufCodec,
  asJava,
  decodeBoltFrame,
  decodeDubboFrame,
  decodeDubboRequest,
  decodeDubboResponse,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeDubboRequest,
  encodeDubboResponse,
  encodeSofaRequest,
  encodeSofaResponse,
  fromHessian,
  toHessian,
  type BoltRequest,
  type BoltResponse,
  type HessianFlavor,
  type HessianValue,
} from '../../core/protocol/index.js';
import { Hessian2Reader, encodeHessian2 } from '../../core/protocol/hessian/hessian2.js';

// The payload of every case: one call of a typical RPC API, about 1 KiB on the wire, and its answer.

const order = {
  orderId: '9007199254740993',
  buyer: { id: 1234567, name: 'Ada Lovelace', email: 'ada@example.test', vip: true },
  items: Array.from({ length: 6 }, (_, i) => ({ sku: `SKU-${1000 + i}`, title: `Item number ${i} with a readable title`, qty: i + 1, price: 19.99 + i })),
  address: { city: 'Hangzhou', street: '969 West Wen Yi Road', zip: '311121' },
  note: 'Leave the parcel at the front desk if nobody answers the door bell.',
};
const answer = { accepted: true, orderId: order.orderId, etaDays: 3, message: 'order accepted and queued for packing' };

const argTypes = ['java.lang.String', 'long', 'com.example.Order'];
const jsonArgs: unknown[] = ['tenant-42', '9007199254740993', order];
const traceProps = { rpc_trace_context: { sofaTraceId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', sofaRpcId: '0.1.2' } };

/**
 * The arguments as the gateway types them on a call (core/invoke/rpc/http-to-rpc-args.ts and the
 * RPC fronts call asJava): checked here, converted by the encoder while it writes the frame.
 */
function typedArgs(): HessianValue[] {
  return jsonArgs.map((a, i) => asJava(a, argTypes[i] as string));
}

/** One measured case: `run` does the whole encode+decode and returns a number so nothing is optimised away. */
export interface CodecCase {
  label: string;
  /** Bytes on the wire for the request (and response, when the case has one). */
  wireBytes: number;
  run(): number;
}

/**
 * Gantry's SOFARPC path, each step what the gateway calls. Request: JSON args typed by asJava (as
 * the invoker does) → Bolt frame → decoded by a front (typed, as the Bolt front keeps Java types)
 * → JSON by fromHessian (as rpc-to-http-request.ts). Answer (unless `requestOnly`): typed by asJava
 * → Bolt frame → decoded in the json shape, as the invoker does for an HTTP caller
 * (core/invoke/rpc/rpc-invocation.ts replyShapeFor), which needs no fromHessian after it.
 */
export function gantrySofaCase(hessian: HessianFlavor, requestOnly = false): CodecCase {
  const encodeRequest = (): Buffer =>
    encodeSofaRequest(1, { service: 'com.example.OrderService:1.0', method: 'place', argTypes, args: typedArgs(), requestProps: traceProps }, { hessian });
  const encodeResponse = (): Buffer =>
    encodeSofaResponse(1, { isError: false, errorMsg: null, appResponse: asJava(answer, 'com.example.PlaceResult'), responseProps: null }, { hessian });
  return {
    label: `gantry SOFARPC hessian ${hessian}${requestOnly ? ', request only' : ''}`,
    wireBytes: encodeRequest().length + (requestOnly ? 0 : encodeResponse().length),
    run() {
      const call = decodeSofaRequest(decodeBoltFrame(encodeRequest()) as BoltRequest, { shape: 'java' });
      const args = call.args.map(fromHessian).length;
      if (requestOnly) return args;
      const reply = decodeSofaResponse(decodeBoltFrame(encodeResponse()) as BoltResponse, { shape: 'json' });
      return args + (reply.ok && reply.result.appResponse !== null ? 1 : 0);
    },
  };
}

/** Gantry's Dubbo path, as gantrySofaCase: request decoded in the java shape + fromHessian (front), answer in the json shape (invoker). */
export function gantryDubboCase(): CodecCase {
  const attachments = { path: 'com.example.OrderService', interface: 'com.example.OrderService', version: '1.0.0', group: '' };
  const encodeRequest = (): Buffer =>
    encodeDubboRequest(1n, { dubboVersion: '2.0.2', path: 'com.example.OrderService', version: '1.0.0', method: 'place', argTypes, args: typedArgs(), attachments });
  const encodeResponse = (): Buffer => encodeDubboResponse(1n, { kind: 'value', value: asJava(answer, 'com.example.PlaceResult'), attachments: null });
  return {
    label: 'gantry Dubbo hessian 4.x',
    wireBytes: encodeRequest().length + encodeResponse().length,
    run() {
      const call = decodeDubboRequest(decodeDubboFrame(encodeRequest()), { shape: 'java' });
      const reply = decodeDubboResponse(decodeDubboFrame(encodeResponse()), { shape: 'json' });
      return call.args.map(fromHessian).length + (reply.kind === 'value' && reply.value !== null ? 1 : 0);
    },
  };
}

const protoJson = {
  nested: {
    bench: {
      nested: {
        Item: { fields: { sku: { type: 'string', id: 1 }, title: { type: 'string', id: 2 }, qty: { type: 'int32', id: 3 }, price: { type: 'double', id: 4 } } },
        Order: {
          fields: {
            tenant: { type: 'string', id: 1 },
            orderId: { type: 'int64', id: 2 },
            buyerName: { type: 'string', id: 3 },
            email: { type: 'string', id: 4 },
            items: { rule: 'repeated', type: 'Item', id: 5 },
            city: { type: 'string', id: 6 },
            street: { type: 'string', id: 7 },
            note: { type: 'string', id: 8 },
          },
        },
        Result: { fields: { accepted: { type: 'bool', id: 1 }, orderId: { type: 'int64', id: 2 }, etaDays: { type: 'int32', id: 3 }, message: { type: 'string', id: 4 } } },
      },
    },
  },
};

export function gantryProtobufCase(): CodecCase {
  const codec = new SofaProtobufCodec(protobuf.Root.fromJSON(protoJson));
  const request = { tenant: 'tenant-42', orderId: order.orderId, buyerName: order.buyer.name, email: order.buyer.email, items: order.items, city: order.address.city, street: order.address.street, note: order.note };
  const call = { service: 'bench.OrderService:1.0', method: 'place' };
  const encodeRequest = (): Buffer => codec.encodeRequest(1, { ...call, requestProps: traceProps }, 'bench.Order', request);
  const encodeResponse = (): Buffer => codec.encodeResponse(1, 'bench.Result', answer);
  return {
    label: 'gantry SOFARPC protobuf',
    wireBytes: encodeRequest().length + encodeResponse().length,
    run() {
      const decoded = codec.decodeRequest(decodeBoltFrame(encodeRequest()) as BoltRequest, 'bench.Order');
      const reply = codec.decodeResponse(decodeBoltFrame(encodeResponse()) as BoltResponse, 'bench.Result');
      return Object.keys(decoded.json).length + (reply.ok ? 1 : 0);
    },
  };
}

/** Baseline: the same call and answer as JSON text, serialised and parsed. */
export function jsonCase(): CodecCase {
  const encode = (): [Buffer, Buffer] => [
    Buffer.from(JSON.stringify({ service: 'com.example.OrderService:1.0', method: 'place', argTypes, args: jsonArgs, props: traceProps })),
    Buffer.from(JSON.stringify({ ok: true, value: answer })),
  ];
  const [request, response] = encode();
  return {
    label: 'baseline JSON.stringify/parse',
    wireBytes: request.length + response.length,
    run() {
      const [req, res] = encode();
      return (JSON.parse(req.toString()) as { args: unknown[] }).args.length + ((JSON.parse(res.toString()) as { ok: boolean }).ok ? 1 : 0);
    },
  };
}

/** The Hessian bodies of the SOFARPC call and answer, as values ready to encode. */
function hessianBodies(): unknown[][] {
  const request = {
    $class: 'com.alipay.sofa.rpc.core.request.SofaRequest',
    $: { methodName: 'place', methodArgSigs: { $class: '[java.lang.String', $: argTypes }, targetServiceUniqueName: 'com.example.OrderService:1.0', targetAppName: null, requestProps: traceProps },
  };
  const response = { $class: 'com.alipay.sofa.rpc.core.response.SofaResponse', $: { isError: false, errorMsg: null, appResponse: toHessian(answer, 'com.example.PlaceResult'), responseProps: null } };
  return [[request, ...jsonArgs.map((a, i) => toHessian(a, argTypes[i] as string))], [response]];
}

/** Hessian only (no framing, no JSON conversion): Gantry's 4.x encoder and decoder. */
export function gantryHessianBodyCase(): CodecCase {
  const bodies = hessianBodies();
  return {
    label: 'hessian body only: gantry 4.x',
    wireBytes: bodies.reduce((n, values) => n + encodeHessian2(values).length, 0),
    run() {
      let count = 0;
      for (const values of bodies) {
        const reader = new Hessian2Reader('bench', encodeHessian2(values));
        for (let i = 0; i < values.length; i++) count += reader.read() === null ? 0 : 1;
      }
      return count;
    },
  };
}

/** Hessian only: hessian.js 2.11 encoding and decoding the same values (the library we replaced on the hot path). */
export function hessianJsBodyCase(): CodecCase {
  const bodies = hessianBodies();
  const encoder = new hessian.EncoderV2({ size: 16 * 1024 });
  const encode = (values: unknown[]): Buffer => {
    encoder.reset();
    for (const value of values) encoder.write(value);
    return Buffer.from(encoder.get());
  };
  return {
    label: 'hessian body only: hessian.js 2.11',
    wireBytes: bodies.reduce((n, values) => n + encode(values).length, 0),
    run() {
      let count = 0;
      for (const values of bodies) {
        const decoder = new hessian.DecoderV2(encode(values));
        for (let i = 0; i < values.length; i++) count += decoder.read() === null ? 0 : 1;
      }
      return count;
    },
  };
}

interface SofaBoltPeer {
  requestEncode(id: number, req: Record<string, unknown>, options: Record<string, unknown>): Buffer;
  responseEncode(id: number, res: Record<string, unknown>, options: Record<string, unknown>): Buffer;
  decode(buf: Buffer, options: Record<string, unknown>): { data: unknown };
}

/** Peer: sofa-bolt-node 2.0.1 encoding and decoding the same call with its own codec (hessian '3.0' mode). */
export function sofaBoltNodeCase(): CodecCase {
  const require = createRequire(import.meta.url);
  const peer = require('sofa-bolt-node/lib/protocol') as SofaBoltPeer;
  const options = { protocolType: 'bolt', codecType: 'hessian2', boltVersion: 1 };
  const encodeRequest = (): Buffer =>
    peer.requestEncode(1, { serverSignature: 'com.example.OrderService:1.0', methodName: 'place', args: jsonArgs.map((a, i) => toHessian(a, argTypes[i] as string)), timeout: 3000, requestProps: traceProps }, options);
  const encodeResponse = (): Buffer => peer.responseEncode(1, { isError: false, appResponse: toHessian(answer, 'com.example.PlaceResult') }, options);
  return {
    label: 'peer sofa-bolt-node (hessian.js-1)',
    wireBytes: encodeRequest().length + encodeResponse().length,
    run() {
      const req = peer.decode(encodeRequest(), {});
      const res = peer.decode(encodeResponse(), {});
      return (req.data === null ? 0 : 1) + (res.data === null ? 0 : 1);
    },
  };
}
