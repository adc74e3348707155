// A plugin's answer for one call: continue (with edits) or reply now (sdk/ABI.md).
import { ABSENT, ByteWriter } from "./bytes";
import { Header } from "./exchange";

const SET_HEADER: u8 = 1;
const ADD_HEADER: u8 = 2;
const REMOVE_HEADER: u8 = 3;
const SET_PATH: u8 = 4;
const SET_QUERY: u8 = 5;
const SET_BODY: u8 = 6;
const SET_STATUS: u8 = 7;

export class Decision {
  private replying: bool = false;
  private edits: ByteWriter = new ByteWriter();
  private editCount: u32 = 0;
  private status: u16 = 0;
  private code: u16 = 0;
  private replyHeaders: Header[] = [];
  private replyBody: Uint8Array | null = null;

  // Go on with the call; chain edits onto it.
  static continue(): Decision {
    return new Decision();
  }

  // Answer now. `code` is a result code from the gateway's table (e.g. ResultCode.AccessControlForbidden);
  // `status` 0 uses that code's HTTP status. Without a body the gateway writes its standard error body.
  static reply(code: u16, status: u16 = 0): Decision {
    const decision = new Decision();
    decision.replying = true;
    decision.code = code;
    decision.status = status;
    return decision;
  }

  // Request headers in the request phase, response headers in the response phase.
  setHeader(name: string, value: string): Decision {
    return this.edit2(SET_HEADER, name, value);
  }

  addHeader(name: string, value: string): Decision {
    return this.edit2(ADD_HEADER, name, value);
  }

  removeHeader(name: string): Decision {
    this.edits.u8(REMOVE_HEADER);
    this.edits.string(name);
    this.editCount += 1;
    return this;
  }

  // Request phase only.
  setPath(path: string): Decision {
    this.edits.u8(SET_PATH);
    this.edits.string(path);
    this.editCount += 1;
    return this;
  }

  // Request phase only; without the leading "?".
  setQuery(query: string): Decision {
    this.edits.u8(SET_QUERY);
    this.edits.string(query);
    this.editCount += 1;
    return this;
  }

  // Request phase only, and only when the manifest sets `requestBody: true`.
  setBody(body: Uint8Array): Decision {
    this.edits.u8(SET_BODY);
    this.edits.bytes(body);
    this.editCount += 1;
    return this;
  }

  // Response phase only.
  setStatus(status: u16): Decision {
    this.edits.u8(SET_STATUS);
    this.edits.u16(status);
    this.editCount += 1;
    return this;
  }

  // A header of the reply (reply decisions only).
  withHeader(name: string, value: string): Decision {
    this.replyHeaders.push(new Header(name, value));
    return this;
  }

  // The reply body as UTF-8 text (reply decisions only).
  withBody(text: string): Decision {
    this.replyBody = Uint8Array.wrap(String.UTF8.encode(text));
    return this;
  }

  withBytes(body: Uint8Array): Decision {
    this.replyBody = body;
    return this;
  }

  // True for a continue without edits: nothing needs to be sent back.
  get isPlainContinue(): bool {
    return !this.replying && this.editCount == 0;
  }

  encode(): Uint8Array {
    const out = new ByteWriter();
    out.u8(1);
    if (!this.replying) {
      out.u8(0);
      out.u32(this.editCount);
      out.append(this.edits);
      return out.finish();
    }
    out.u8(1);
    out.u16(this.status);
    out.u16(this.code);
    out.u32(<u32>this.replyHeaders.length);
    for (let i = 0; i < this.replyHeaders.length; i++) {
      out.string(this.replyHeaders[i].name);
      out.string(this.replyHeaders[i].value);
    }
    const body = this.replyBody;
    if (body === null) out.u32(ABSENT);
    else out.bytes(body);
    return out.finish();
  }

  private edit2(op: u8, name: string, value: string): Decision {
    this.edits.u8(op);
    this.edits.string(name);
    this.edits.string(value);
    this.editCount += 1;
    return this;
  }
}
