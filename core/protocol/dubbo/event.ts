import { DubboSerialization, DubboStatus } from './constants.js';
import type { DubboFrame } from './frame.js';
import { hessianBody, hessianFrame } from './hessian-body.js';

/**
 * A heartbeat: event flag set, body one Hessian null. The request is two-way; the answer carries
 * the same id, status OK.
 */
export function encodeDubboHeartbeat(id: bigint, options: { isRequest: boolean }): Buffer {
  return hessianFrame(
    {
      id,
      isRequest: options.isRequest,
      twoWay: options.isRequest,
      event: true,
      serialization: DubboSerialization.hessian2,
      status: options.isRequest ? 0 : DubboStatus.OK,
    },
    [null],
  );
}

/**
 * The data of an event frame: null for a heartbeat, else e.g. 'R' (Dubbo's read-only event sent
 * by a server going down). An empty body counts as a heartbeat.
 */
export function decodeDubboEvent(frame: DubboFrame): { heartbeat: boolean; data: unknown } {
  const reader = hessianBody(frame, 'dubbo event');
  const data = reader.atEnd() ? null : reader.read();
  return { heartbeat: data === null, data };
}
