import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { RequestBody } from '../invoke/invoker.js';
import { gantryError } from '../pipeline/gantry-error.js';

function tooLarge(limitBytes: number): Error {
  return gantryError('RequestBodyTooLarge', { detail: 'request.body-too-large', tips: `request body exceeds ${limitBytes} bytes` });
}

/** Counts a chunked body as it streams and fails it past the limit (a declared length is checked up front). */
class BodyLimit extends Transform {
  private seen = 0;
  constructor(private readonly limitBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limitBytes) callback(tooLarge(this.limitBytes));
    else callback(null, chunk);
  }
}

/** The body of an HTTP/1.1 request, streamed by default, read whole only when a plugin asks. */
export class HttpRequestBody implements RequestBody {
  readonly declaredLength: number;

  constructor(private readonly request: IncomingMessage, private readonly limitBytes: number) {
    const length = request.headers['content-length'];
    if (length !== undefined) this.declaredLength = Number(length);
    else this.declaredLength = request.headers['transfer-encoding'] !== undefined ? -1 : 0;
  }

  stream(): Readable | null {
    if (this.declaredLength === 0) return null;
    if (this.declaredLength > 0) return this.request;
    const limited = new BodyLimit(this.limitBytes);
    this.request.on('error', (error) => limited.destroy(error));
    return this.request.pipe(limited);
  }

  async readAll(limitBytes: number): Promise<Buffer> {
    if (this.declaredLength === 0) return Buffer.alloc(0);
    if (this.declaredLength > limitBytes) throw tooLarge(limitBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) throw tooLarge(limitBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  }
}
