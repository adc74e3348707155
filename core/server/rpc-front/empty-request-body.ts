import type { Readable } from 'node:stream';
import type { RequestBody } from '../../invoke/invoker.js';

/** An RPC front call has no HTTP body: its arguments are on the exchange (`rpc`). */
export const EMPTY_REQUEST_BODY: RequestBody = Object.freeze({
  declaredLength: 0,
  stream: (): Readable | null => null,
  readAll: (): Promise<Buffer> => Promise.resolve(Buffer.alloc(0)),
});
