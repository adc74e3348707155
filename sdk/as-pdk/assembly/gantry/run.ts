// The glue between an exported phase function and a typed handler:
//   export function on_request(): i32 { return runRequest(onRequest); }
import { ByteReader } from "./bytes";
import { Decision } from "./decision";
import { ErrorInfo, Request, Response, readError, readRequest, readResponse } from "./exchange";
import { Level, log } from "./host";
import { readInput, writeOutput } from "./io";

function emit(decision: Decision): i32 {
  if (!decision.isPlainContinue) writeOutput(decision.encode());
  return 0;
}

export function runRequest(handler: (request: Request) => Decision): i32 {
  const reader = new ByteReader(readInput());
  return emit(handler(readRequest(reader)));
}

export function runResponse(handler: (request: Request, response: Response) => Decision): i32 {
  const reader = new ByteReader(readInput());
  const request = readRequest(reader);
  return emit(handler(request, readResponse(reader)));
}

export function runError(handler: (request: Request, error: ErrorInfo) => Decision): i32 {
  const reader = new ByteReader(readInput());
  const request = readRequest(reader);
  return emit(handler(request, readError(reader)));
}

// Build with `--use abort=~lib/gantry/run/gantryAbort`: logs the failure, then traps, so the call
// fails with 7777 and the gateway discards this instance.
export function gantryAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const text = message === null ? "abort" : message;
  const file = fileName === null ? "?" : fileName;
  log(Level.Error, "abort: " + text + " at " + file + ":" + line.toString() + ":" + column.toString());
  unreachable();
}
