import { createRequire } from 'node:module';

// The independent implementations we test against, loaded as CommonJS with the few members we use.

const require = createRequire(import.meta.url);

export interface PeerPacket {
  packetId: number;
  packetType: 'request' | 'response' | 'heartbeat' | 'heartbeat_ack';
  data: unknown;
  className?: string;
  options: Record<string, unknown>;
}

export interface BoltEncodeOptions {
  protocolType: 'bolt' | 'bolt2';
  codecType: 'hessian2' | 'protobuf';
  boltVersion?: number;
  crcEnable?: boolean;
  proto?: unknown;
}

/** sofa-bolt-node's pure protocol functions (lib/protocol). */
export interface SofaBoltProtocol {
  requestEncode(id: number, req: Record<string, unknown>, options: BoltEncodeOptions): Buffer;
  responseEncode(id: number, res: Record<string, unknown>, options: BoltEncodeOptions): Buffer;
  heartbeatEncode(id: number, hb: Record<string, unknown>, options: BoltEncodeOptions): Buffer;
  heartbeatAckEncode(id: number, options: BoltEncodeOptions): Buffer;
  decode(buf: Buffer, options: Record<string, unknown>): PeerPacket;
}

export const sofaBoltProtocol = require('sofa-bolt-node/lib/protocol') as SofaBoltProtocol;

/** sofa-bolt-node's package entry: its streaming decoder and the global Hessian switch. */
export const sofaBolt = require('sofa-bolt-node') as {
  decoder(options: Record<string, unknown>): NodeJS.WritableStream & NodeJS.EventEmitter;
  setHessianVersion(version: '3.0' | '4.0'): void;
};

export interface DubboEncodeData {
  serverSignature?: string;
  methodName?: string;
  args?: unknown[];
  requestProps?: Record<string, unknown>;
  isError?: boolean;
  errorMsg?: string;
  appResponse?: unknown;
}

/** dubbo-remoting's pure protocol functions (lib/protocol). */
export const dubboProtocol = require('dubbo-remoting/lib/protocol') as {
  requestEncode(id: number, data: DubboEncodeData, options: Record<string, unknown>): Buffer;
  responseEncode(id: number, data: DubboEncodeData, options: Record<string, unknown>): Buffer;
  heartbeatEncode(id: number, hb: Record<string, unknown>, options: Record<string, unknown>): Buffer;
  heartbeatAckEncode(id: number, options: Record<string, unknown>): Buffer;
  decode(buf: Buffer, options: Record<string, unknown>): PeerPacket;
};

/** dubbo-remoting's streaming decoder. */
export const dubboRemoting = require('dubbo-remoting') as {
  decoder(options: Record<string, unknown>): NodeJS.WritableStream & NodeJS.EventEmitter;
};
