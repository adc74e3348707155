// wasm-allow-deny: refuses calls by path prefix and by header, in this order:
//
// | check                                      | refuses when                         |
// |--------------------------------------------|--------------------------------------|
// | denyPaths                                  | the path starts with a listed prefix |
// | denyHeaders                                | a listed header is present (or has the listed value) |
// | allowPaths (if not empty)                  | the path starts with none of them    |
// | requireHeaders                             | a listed header is missing           |
//
// A refusal answers `code` (default 8101 AccessControlForbidden) with `status` and `message`.
import { Decision, JsonValue, Request, config, runRequest } from "gantry";

export function on_request(): i32 {
  return runRequest(onRequest);
}

function startsWithAny(path: string, prefixes: string[]): bool {
  for (let i = 0; i < prefixes.length; i++) {
    if (path.startsWith(prefixes[i])) return true;
  }
  return false;
}

function deniedByHeader(request: Request, rules: JsonValue): bool {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules.at(i);
    const name = rule.get("name");
    if (name === null) continue;
    const present = request.header(name.asString());
    if (present === null) continue;
    const wanted = rule.get("value");
    if (wanted === null || wanted.asString() == present) return true;
  }
  return false;
}

function missingHeader(request: Request, names: string[]): bool {
  for (let i = 0; i < names.length; i++) {
    if (request.header(names[i]) === null) return true;
  }
  return false;
}

function refuse(settings: JsonValue): Decision {
  const code = settings.get("code");
  const status = settings.get("status");
  const decision = Decision.reply(
    code === null ? 8101 : <u16>code.asNumber(8101),
    status === null ? 0 : <u16>status.asNumber(0),
  );
  const message = settings.get("message");
  if (message !== null) decision.withHeader("content-type", "text/plain; charset=utf-8").withBody(message.asString());
  return decision;
}

function onRequest(request: Request): Decision {
  const settings = config();
  if (startsWithAny(request.path, settings.stringList("denyPaths"))) return refuse(settings);
  const headerRules = settings.get("denyHeaders");
  if (headerRules !== null && deniedByHeader(request, headerRules)) return refuse(settings);
  const allowed = settings.stringList("allowPaths");
  if (allowed.length > 0 && !startsWithAny(request.path, allowed)) return refuse(settings);
  if (missingHeader(request, settings.stringList("requireHeaders"))) return refuse(settings);
  return Decision.continue();
}
