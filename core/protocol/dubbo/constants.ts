// Dubbo 2 exchange protocol constants (org.apache.dubbo.remoting.exchange.codec.ExchangeCodec,
// org.apache.dubbo.remoting.exchange.Response, org.apache.dubbo.rpc.protocol.dubbo.DubboCodec).

export const DUBBO_MAGIC = 0xdabb;
export const DUBBO_HEADER_BYTES = 16;

/** Bits of the flag byte (byte 2); the low five bits are the serialization id. */
export const DubboFlag = { request: 0x80, twoWay: 0x40, event: 0x20, serializationMask: 0x1f } as const;

export const DubboSerialization = { hessian2: 2 } as const;

/** Status byte (byte 3) of a response. */
export const DubboStatus = {
  /** Success. */
  OK: 20,
  /** The client gave up waiting. */
  CLIENT_TIMEOUT: 30,
  /** The server did not finish within the call's timeout. */
  SERVER_TIMEOUT: 31,
  /** The server could not decode or accept the request. */
  BAD_REQUEST: 40,
  /** The server could not encode its response. */
  BAD_RESPONSE: 50,
  /** No such service (or method) exported on the server. */
  SERVICE_NOT_FOUND: 60,
  /** The service failed outside of a business exception. */
  SERVICE_ERROR: 70,
  /** The server failed (e.g. an exception in its framework code). */
  SERVER_ERROR: 80,
  /** The client failed (e.g. while sending). */
  CLIENT_ERROR: 90,
  /** The server's thread pool is exhausted and it rejected the call at once. */
  SERVER_THREADPOOL_EXHAUSTED_ERROR: 100,
} as const;

const statusNames = new Map<number, string>(Object.entries(DubboStatus).map(([name, code]) => [code, name]));

/** 'SERVICE_NOT_FOUND' for 60; 'UNKNOWN(42)' for a status Dubbo does not define. */
export function dubboStatusName(status: number): string {
  return statusNames.get(status) ?? `UNKNOWN(${status})`;
}

/** First value of an OK response body (DubboCodec RESPONSE_*); 3–5 exist from dubbo version 2.0.2. */
export const DubboResponseKind = {
  WITH_EXCEPTION: 0,
  VALUE: 1,
  NULL_VALUE: 2,
  WITH_EXCEPTION_WITH_ATTACHMENTS: 3,
  VALUE_WITH_ATTACHMENTS: 4,
  NULL_VALUE_WITH_ATTACHMENTS: 5,
} as const;

/** The dubbo protocol version we write when the caller gives none; it allows attachments in responses. */
export const DEFAULT_DUBBO_VERSION = '2.0.2';
