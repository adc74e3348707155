import { ProtocolError } from '../errors.js';
import type { HessianShape } from '../hessian/hessian2.js';
import type { HessianValue } from '../java/java-types.js';
import { DubboResponseKind, DubboSerialization, DubboStatus } from './constants.js';
import type { DubboFrame } from './frame.js';
import { hessianBody, hessianFrame, readAttachments, readString } from './hessian-body.js';

/** What a Dubbo response says. `attachments` is null when the peer sent the kind without them. */
export type DubboReply =
  | { kind: 'value'; value: unknown; attachments: Record<string, unknown> | null }
  | { kind: 'null'; attachments: Record<string, unknown> | null }
  | { kind: 'exception'; exception: unknown; attachments: Record<string, unknown> | null }
  | { kind: 'error'; status: number; message: string };

/**
 * Encodes a response frame. An OK body is the kind (a Hessian int), then the value or exception,
 * then the attachments map for the *_WITH_ATTACHMENTS kinds (used when `attachments` is not null:
 * only callers with dubbo version >= 2.0.2 understand them). A non-OK body is the error message.
 */
export function encodeDubboResponse(id: bigint, reply: DubboReply): Buffer {
  const base = { id, isRequest: false, twoWay: false, event: false, serialization: DubboSerialization.hessian2 } as const;
  if (reply.kind === 'error') {
    if (reply.status === DubboStatus.OK) throw new ProtocolError('type-mismatch', 'dubbo: an error reply cannot carry status OK');
    return hessianFrame({ ...base, status: reply.status }, [reply.message]);
  }
  const withAttachments = reply.attachments !== null;
  const values: unknown[] = [];
  if (reply.kind === 'value') {
    values.push(withAttachments ? DubboResponseKind.VALUE_WITH_ATTACHMENTS : DubboResponseKind.VALUE, reply.value);
  } else if (reply.kind === 'null') {
    values.push(withAttachments ? DubboResponseKind.NULL_VALUE_WITH_ATTACHMENTS : DubboResponseKind.NULL_VALUE);
  } else {
    values.push(withAttachments ? DubboResponseKind.WITH_EXCEPTION_WITH_ATTACHMENTS : DubboResponseKind.WITH_EXCEPTION, reply.exception);
  }
  if (withAttachments) values.push(reply.attachments);
  return hessianFrame({ ...base, status: DubboStatus.OK }, values);
}

/** A Java exception object as Dubbo peers expect it in a WITH_EXCEPTION reply. */
export function javaException(className: string, message: string): HessianValue {
  return { $class: className, $: { detailMessage: message, stackTrace: { $class: '[java.lang.StackTraceElement', $: [] }, cause: null } };
}

/**
 * dubbo-remoting (the Node provider side) writes a falsy result — null, 0, false, '' — as the bare
 * value, without the kind Dubbo 2 requires. A body holding one such value and nothing else can
 * only be that; any other lone value is a truncated reply.
 */
function bareResult(value: unknown): DubboReply {
  if (value === null) return { kind: 'null', attachments: null };
  if (value === 0 || value === false || value === '') return { kind: 'value', value, attachments: null };
  throw new ProtocolError('bad-payload', `dubbo: response kind ${String(value)} without its value`);
}

/**
 * Decodes a (non-event) response frame. With `shape: 'json'` the value, exception and attachments
 * come as fromHessian would make them: for callers that only want JSON, one walk instead of two.
 * With `shape: 'java'` the value and exception keep their Java types (attachments are read typed).
 */
export function decodeDubboResponse(frame: DubboFrame, options: { shape?: HessianShape } = {}): DubboReply {
  if (frame.isRequest || frame.event) throw new ProtocolError('unknown-command', 'dubbo: not an invocation response');
  const reader = hessianBody(frame, 'dubbo response', options.shape);
  if (frame.status !== DubboStatus.OK) {
    return { kind: 'error', status: frame.status, message: reader.atEnd() ? '' : readString(reader, 'error message') };
  }
  const kind = reader.read('typed');
  if (reader.atEnd() && kind !== DubboResponseKind.NULL_VALUE) return bareResult(kind);
  switch (kind) {
    case DubboResponseKind.VALUE:
      return { kind: 'value', value: reader.read(), attachments: null };
    case DubboResponseKind.NULL_VALUE:
      return { kind: 'null', attachments: null };
    case DubboResponseKind.WITH_EXCEPTION:
      return { kind: 'exception', exception: reader.read(), attachments: null };
    case DubboResponseKind.VALUE_WITH_ATTACHMENTS: {
      const value = reader.read();
      return { kind: 'value', value, attachments: readAttachments(reader) };
    }
    case DubboResponseKind.NULL_VALUE_WITH_ATTACHMENTS:
      return { kind: 'null', attachments: readAttachments(reader) };
    case DubboResponseKind.WITH_EXCEPTION_WITH_ATTACHMENTS: {
      const exception = reader.read();
      return { kind: 'exception', exception, attachments: readAttachments(reader) };
    }
    default:
      throw new ProtocolError('bad-payload', `dubbo: unknown response kind ${String(kind)}`);
  }
}
