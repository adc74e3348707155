/**
 * Decodes a Dubbo reply, tolerating one quirk of a real peer: dubbo-remoting (the Node provider
 * side, also used by sofa-rpc-node's Dubbo server) writes a falsy result — null, 0, false, '' — as
 * the bare Hessian value, without the response-kind byte Dubbo 2 requires. Such a body is one byte
 * long; no valid reply is one byte long except the NULL_VALUE kind alone, which the codec reads.
 * Adapter kept here (not in core/protocol, owned by the codecs) until the codec handles it.
 */
import { DubboStatus, decodeDubboResponse, isProtocolError, type DubboFrame, type DubboReply } from '../../protocol/index.js';

/** Single-byte Hessian 2 encodings of falsy values. */
const BARE_FALSY: ReadonlyMap<number, unknown> = new Map<number, unknown>([
  [0x4e, null], // 'N'
  [0x46, false], // 'F'
  [0x90, 0], // compact int 0
  [0x5b, 0], // double 0.0
  [0x00, ''], // empty compact string
]);

/** The reply of `frame`; throws the codec's ProtocolError when it is not a reply at all. */
export function decodeDubboReply(frame: DubboFrame): DubboReply {
  try {
    return decodeDubboResponse(frame);
  } catch (error) {
    if (!isProtocolError(error) || frame.status !== DubboStatus.OK || frame.body.length !== 1) throw error;
    const byte = frame.body[0] as number;
    if (!BARE_FALSY.has(byte)) throw error;
    return { kind: 'value', value: BARE_FALSY.get(byte), attachments: null };
  }
}
