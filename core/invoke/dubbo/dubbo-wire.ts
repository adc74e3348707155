import { DubboFrameDecoder, encodeDubboHeartbeat, type DubboFrame } from '../../protocol/index.js';
import type { FrameRole, RpcId, RpcWire } from '../rpc/rpc-wire.js';

const MAX_ID = (1n << 63n) - 1n;

/** Dubbo on a client connection: responses by id; the provider's heartbeat events answered. */
export const dubboWire: RpcWire<DubboFrame> = {
  name: 'dubbo',
  createDecoder: () => new DubboFrameDecoder(),
  classify(frame: DubboFrame): FrameRole {
    if (!frame.isRequest) return { kind: 'reply', id: frame.id };
    if (frame.event) return { kind: 'ping', reply: encodeDubboHeartbeat(frame.id, { isRequest: false }) };
    return { kind: 'ignore' };
  },
  nextId: (previous: RpcId): RpcId => {
    const next = BigInt(previous) + 1n;
    return next > MAX_ID ? 1n : next;
  },
  heartbeat: (id: RpcId): Buffer => encodeDubboHeartbeat(BigInt(id), { isRequest: true }),
};
