// wasm-stamp: adds a response header (config `header`, `value`), optionally with the call's time
// and this node's running count (kept in the per-node key/value store). The switch
// `wasm-stamp.enabled` (per API, group, node or global) turns it off without a config change.
import { Decision, Request, Response, config, kvGet, kvSet, nowMs, runResponse, switchValue } from "gantry";

export function on_response(): i32 {
  return runResponse(onResponse);
}

function onResponse(_request: Request, _response: Response): Decision {
  const enabled = switchValue("wasm-stamp.enabled");
  if (enabled !== null && !enabled.asBool(true)) return Decision.continue();
  const settings = config();
  const header = settings.get("header");
  const value = settings.get("value");
  let stamp = value === null ? "gantry" : value.asString("gantry");
  const withTime = settings.get("withTime");
  if (withTime !== null && withTime.asBool()) stamp += ";t=" + nowMs().toString();
  const decision = Decision.continue().setHeader(header === null ? "x-gantry-stamp" : header.asString("x-gantry-stamp"), stamp);
  const count = settings.get("count");
  if (count !== null && count.asBool()) {
    const previous = kvGet("count");
    const next = (previous === null ? 0 : I64.parseInt(previous)) + 1;
    kvSet("count", next.toString());
    decision.setHeader("x-gantry-stamp-count", next.toString());
  }
  return decision;
}
