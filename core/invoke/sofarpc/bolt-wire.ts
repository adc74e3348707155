import { BoltCodec, BoltFrameDecoder, defaultBoltFraming, encodeBoltFrame, type BoltFrame } from '../../protocol/index.js';
import type { FrameRole, RpcId, RpcWire } from '../rpc/rpc-wire.js';

/** Heartbeat deadline written into our own heartbeat frames. */
const HEARTBEAT_TIMEOUT_MS = 1000;

/** Bolt on a client connection: replies and heartbeat acks by id; the server's heartbeats answered. */
export const boltWire: RpcWire<BoltFrame> = {
  name: 'bolt',
  createDecoder: () => new BoltFrameDecoder(),
  classify(frame: BoltFrame): FrameRole {
    switch (frame.kind) {
      case 'response':
      case 'heartbeat-ack':
        return { kind: 'reply', id: frame.id };
      case 'heartbeat':
        return { kind: 'ping', reply: encodeBoltFrame({ kind: 'heartbeat-ack', framing: frame.framing, id: frame.id, codec: frame.codec, status: 0 }) };
      default:
        return { kind: 'ignore' };
    }
  },
  // Unsigned 32-bit ids; 0 is skipped so a zeroed frame never matches a call.
  nextId: (previous: RpcId): RpcId => ((Number(previous) + 1) >>> 0) || 1,
  heartbeat: (id: RpcId): Buffer =>
    encodeBoltFrame({ kind: 'heartbeat', framing: defaultBoltFraming, id: Number(id), codec: BoltCodec.hessian2, timeoutMs: HEARTBEAT_TIMEOUT_MS }),
};
