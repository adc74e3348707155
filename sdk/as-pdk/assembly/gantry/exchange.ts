// What a plugin sees of a call, decoded from the view the gateway passes (sdk/ABI.md).
import { ByteReader } from "./bytes";

export class Header {
  name: string;
  value: string;

  constructor(name: string, value: string) {
    this.name = name;
    this.value = value;
  }
}

function findHeader(headers: Header[], name: string): string | null {
  const wanted = name.toLowerCase();
  for (let i = 0; i < headers.length; i++) {
    if (headers[i].name == wanted) return headers[i].value;
  }
  return null;
}

function u32At(data: Uint8Array, at: i32): i32 {
  return <i32>(<u32>data[at] | (<u32>data[at + 1] << 8) | (<u32>data[at + 2] << 16) | (<u32>data[at + 3] << 24));
}

// A header list as it sits in the view: decoded only when a plugin asks for all of it, and
// searched in place by `find` (most filters read a header or two of many).
export class HeaderBlock {
  private data: Uint8Array;
  private start: i32;
  private count: i32;
  private decoded: Header[] | null = null;

  constructor(data: Uint8Array, start: i32, count: i32) {
    this.data = data;
    this.start = start;
    this.count = count;
  }

  static empty(): HeaderBlock {
    return new HeaderBlock(new Uint8Array(0), 0, 0);
  }

  // Reads past a list in `reader`, keeping where it is.
  static skip(reader: ByteReader): HeaderBlock {
    const count = <i32>reader.u32();
    const start = reader.position;
    for (let i = 0; i < count * 2; i++) reader.skipString();
    return new HeaderBlock(reader.bytes, start, count);
  }

  all(): Header[] {
    let headers = this.decoded;
    if (headers !== null) return headers;
    headers = new Array<Header>(0);
    const base = this.data.dataStart;
    let at = this.start;
    for (let i = 0; i < this.count; i++) {
      const nameLength = u32At(this.data, at);
      const name = String.UTF8.decodeUnsafe(base + <usize>(at + 4), <usize>nameLength);
      at += 4 + nameLength;
      const valueLength = u32At(this.data, at);
      const value = String.UTF8.decodeUnsafe(base + <usize>(at + 4), <usize>valueLength);
      at += 4 + valueLength;
      headers.push(new Header(name, value));
    }
    this.decoded = headers;
    return headers;
  }

  // The first value of `name` (any case), decoding nothing else.
  find(name: string): string | null {
    const decoded = this.decoded;
    if (decoded !== null) return findHeader(decoded, name);
    const wanted = String.UTF8.encode(name.toLowerCase());
    const wantedLength = wanted.byteLength;
    const base = this.data.dataStart;
    let at = this.start;
    for (let i = 0; i < this.count; i++) {
      const nameLength = u32At(this.data, at);
      const nameAt = at + 4;
      at = nameAt + nameLength;
      const valueLength = u32At(this.data, at);
      if (nameLength == wantedLength && memory.compare(base + <usize>nameAt, changetype<usize>(wanted), <usize>wantedLength) == 0) {
        return String.UTF8.decodeUnsafe(base + <usize>(at + 4), <usize>valueLength);
      }
      at += 4 + valueLength;
    }
    return null;
  }
}

// The request as the gateway will forward it. Header names are lower case; a repeated header
// appears once per value, in order.
export class Request {
  phase: u8 = 0;
  method: string = "";
  path: string = "";
  // Raw query string without the leading "?", "" when absent.
  query: string = "";
  headerBlock: HeaderBlock = HeaderBlock.empty();
  group: string = "";
  api: string = "";
  clientAddress: string = "";
  traceId: string = "";
  // Present only when the manifest sets `requestBody: true` (request phase).
  body: Uint8Array | null = null;

  // Every header, one entry per value, names lower case (decoded on first use).
  get headers(): Header[] {
    return this.headerBlock.all();
  }

  // The first value of a header, or null.
  header(name: string): string | null {
    return this.headerBlock.find(name);
  }

  // The body as UTF-8 text, "" without one.
  bodyText(): string {
    const body = this.body;
    if (body === null) return "";
    return String.UTF8.decodeUnsafe(body.dataStart, <usize>body.length);
  }
}

// The response head in the response phase.
export class Response {
  status: u16 = 0;
  headerBlock: HeaderBlock = HeaderBlock.empty();

  get headers(): Header[] {
    return this.headerBlock.all();
  }

  header(name: string): string | null {
    return this.headerBlock.find(name);
  }
}

// The gateway error about to be answered, in the error phase.
export class ErrorInfo {
  code: u16 = 0;
  status: u16 = 0;
}

export function readRequest(reader: ByteReader): Request {
  const version = reader.u8();
  if (version != 1) unreachable();
  const request = new Request();
  request.phase = reader.u8();
  request.method = reader.string();
  request.path = reader.string();
  request.query = reader.string();
  request.headerBlock = HeaderBlock.skip(reader);
  request.group = reader.string();
  request.api = reader.string();
  request.clientAddress = reader.string();
  request.traceId = reader.string();
  request.body = reader.bytesOrNull();
  return request;
}

export function readResponse(reader: ByteReader): Response {
  const response = new Response();
  response.status = reader.u16();
  response.headerBlock = HeaderBlock.skip(reader);
  return response;
}

export function readError(reader: ByteReader): ErrorInfo {
  const error = new ErrorInfo();
  error.code = reader.u16();
  error.status = reader.u16();
  return error;
}
