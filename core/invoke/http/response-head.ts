import { HOP_BY_HOP, connectionTokens } from './hop-by-hop.js';

/**
 * The upstream's response headers as a fresh object, from undici's raw `[name, value, …]` buffers,
 * without hop-by-hop headers: one pass and one object, where parsing into an object first and then
 * filtering a copy would make two. Names are lower-cased; repeated names become arrays (values in
 * arrival order), as Node's `IncomingMessage.headers` would have them for `set-cookie`.
 */
export function responseHeadersFromRaw(raw: readonly Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let connection: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const nameBytes = raw[i];
    const valueBytes = raw[i + 1];
    if (nameBytes === undefined || valueBytes === undefined) break;
    const name = nameBytes.toString('latin1').toLowerCase();
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection') connection = valueBytes.toString('latin1');
      continue;
    }
    const value = valueBytes.toString('latin1');
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    // `constructor`, `toString`, … are found on the prototype: an own property is what counts.
    else if (!Object.hasOwn(out, name)) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  const named = connectionTokens(connection);
  if (named !== undefined) for (const name of named) delete out[name];
  return out;
}
