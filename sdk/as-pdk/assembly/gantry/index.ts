// Gantry's AssemblyScript PDK: write a filter as typed handlers, the ABI (sdk/ABI.md) is hidden.
//
//   import { Request, Decision, ResultCode, runRequest } from "gantry";
//   export function on_request(): i32 { return runRequest(onRequest); }
//   function onRequest(request: Request): Decision {
//     if (request.header("x-blocked") !== null) return Decision.reply(ResultCode.AccessControlForbidden);
//     return Decision.continue().setHeader("x-checked", "yes");
//   }
export { Decision } from "./decision";
export { ErrorInfo, Header, HeaderBlock, Request, Response } from "./exchange";
export { JsonKind, JsonValue, parseJson } from "./json";
export { Level, config, kvDelete, kvGet, kvSet, log, nowMs, switchValue } from "./host";
export { ResultCode } from "./result-codes";
export { gantryAbort, runError, runRequest, runResponse } from "./run";
