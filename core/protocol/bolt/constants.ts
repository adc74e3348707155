// Bolt protocol constants (SOFA Bolt, com.alipay.remoting.rpc.protocol.RpcProtocol / RpcProtocolV2).

/** First byte of every frame: which protocol layout follows. */
export const BoltProtocolCode = { v1: 0x01, v2: 0x02 } as const;

/** Byte "type": what kind of command. */
export const BoltCommandType = { response: 0x00, request: 0x01, requestOneway: 0x02 } as const;

/** Short "cmdcode". */
export const BoltCommandCode = { heartbeat: 0, request: 1, response: 2 } as const;

/** Byte "codec": how the class name / header / content are serialized. */
export const BoltCodec = { hessian2: 1, protobuf: 11 } as const;
export type BoltCodec = (typeof BoltCodec)[keyof typeof BoltCodec];

/** Byte "ver2": the command version every known peer writes. */
export const BOLT_COMMAND_VERSION = 0x01;

/** Bit 0 of the v2 "switch" byte: a CRC32 trailer follows the content. */
export const BOLT_SWITCH_CRC = 0x01;

/** Short "respstatus" of a response (com.alipay.remoting.ResponseStatus). */
export const BoltResponseStatus = {
  SUCCESS: 0x0000,
  ERROR: 0x0001,
  SERVER_EXCEPTION: 0x0002,
  UNKNOWN: 0x0003,
  SERVER_THREADPOOL_BUSY: 0x0004,
  ERROR_COMM: 0x0005,
  NO_PROCESSOR: 0x0006,
  TIMEOUT: 0x0007,
  CLIENT_SEND_ERROR: 0x0008,
  CODEC_EXCEPTION: 0x0009,
  CONNECTION_CLOSED: 0x0010,
  SERVER_SERIAL_EXCEPTION: 0x0011,
  SERVER_DESERIAL_EXCEPTION: 0x0012,
} as const;
export type BoltResponseStatusName = keyof typeof BoltResponseStatus;

const statusNames = new Map<number, BoltResponseStatusName>(
  Object.entries(BoltResponseStatus).map(([name, code]) => [code, name as BoltResponseStatusName]),
);

/** 'SERVER_EXCEPTION' for 2; 'UNKNOWN(0x42)' for a status the protocol does not define. */
export function boltResponseStatusName(status: number): string {
  return statusNames.get(status) ?? `UNKNOWN(0x${status.toString(16)})`;
}

/** Fixed header sizes, in bytes, by protocol version and command direction. */
export const BoltHeaderBytes = {
  v1: { request: 22, response: 20 },
  v2: { request: 24, response: 22 },
} as const;

export const BOLT_CRC_BYTES = 4;
