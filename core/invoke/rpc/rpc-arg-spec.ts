/**
 * One RPC argument's mapping, compiled once per API at snapshot time from the config's
 * `{ source, key, type }`: the JSON path parsed, the path index read, the header name lower-cased.
 */
import { gantryError, type GantryError } from '../../pipeline/gantry-error.js';
import { compileJsonPath, type JsonPath } from './json-path.js';

/** Where the argument lives in an HTTP request. */
export type RpcArgSource = 'body' | 'bodyWhole' | 'query' | 'header' | 'path';

/** An argument as the config declares it. */
export interface RpcArgConfig {
  readonly source: RpcArgSource;
  readonly key?: string;
  readonly type: string;
}

/** An argument ready for the hot path. */
export interface CompiledRpcArg {
  readonly source: RpcArgSource;
  /** As written, for error tips (`$.text from body`). */
  readonly label: string;
  readonly type: string;
  /** `body`: the compiled path (empty = whole body). */
  readonly jsonPath: JsonPath;
  /** `query`: the parameter; `header`: the lower-cased name. */
  readonly name: string;
  /** `path`: the segment index, negative from the end. */
  readonly segment: number;
}

/** Java types whose value must be present: a primitive cannot be null. */
export const primitiveJavaTypes: ReadonlySet<string> = new Set(['boolean', 'byte', 'short', 'int', 'long', 'float', 'double', 'char']);

/**
 * Compiles a list of argument mappings.
 * @param direction `request` reports bad expressions as 7900, `response` (the reverse mapping of an
 *   RPC front call onto an HTTP request) as 7903.
 * @throws GantryError 7900/7903 when a key cannot be compiled (the config checks make this rare)
 */
export function compileRpcArgs(args: readonly RpcArgConfig[], direction: 'request' | 'response' = 'request'): CompiledRpcArg[] {
  return args.map((arg, index) => {
    const key = arg.key ?? '';
    const label = arg.source === 'bodyWhole' ? 'the whole body' : `${key} from ${arg.source}`;
    const bad = (why: string): GantryError =>
      gantryError(direction === 'request' ? 'RequestParamExpressionParseError' : 'ResponseParamExpressionParseError', {
        detail: 'mapping.bad-expression',
        tips: `argument ${index} (${label}): ${why}`,
      });
    let jsonPath: JsonPath = [];
    let segment = 0;
    if (arg.source === 'body') {
      const compiled = compileJsonPath(key);
      if (compiled === undefined) throw bad('not a JSON path such as $.text');
      jsonPath = compiled;
    } else if (arg.source === 'path') {
      segment = Number(key);
      if (!Number.isInteger(segment)) throw bad('not a path segment index');
    } else if (arg.source !== 'bodyWhole' && key === '') {
      throw bad('a key is required');
    }
    const name = arg.source === 'header' ? key.toLowerCase() : key;
    return { source: arg.source, label, type: arg.type, jsonPath, name, segment };
  });
}
