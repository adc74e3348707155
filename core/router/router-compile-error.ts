/**
 * The error `compileRouter` throws for a config it refuses. It lives here rather than in the
 * pipeline's error table because the router imports nothing from other gateway folders; the snapshot
 * compiler maps it onto its own config error. Callers branch on `code`, never on the message.
 */

/** Why a route table was refused. */
export type RouterCompileErrorCode =
  /** A group name is empty, not a string, or declared twice. */
  | 'ROUTER_INVALID_GROUP'
  /** A host pattern is malformed (`a.*.com`, `*`, empty, carries a port...). */
  | 'ROUTER_INVALID_HOST'
  /** One host pattern is listed by two groups. */
  | 'ROUTER_DUPLICATE_HOST'
  /** More than one group has `default: true`. */
  | 'ROUTER_DUPLICATE_DEFAULT'
  /** A route names a group that is not declared. */
  | 'ROUTER_UNKNOWN_GROUP'
  /** A route path is malformed. */
  | 'ROUTER_INVALID_PATH'
  /** A route type is neither `exact` nor `prefix`. */
  | 'ROUTER_INVALID_TYPE'
  /** A method list is empty or holds something that is not an HTTP method token. */
  | 'ROUTER_INVALID_METHOD'
  /** Two routes of one group have the same type and path and accept a common method. */
  | 'ROUTER_ROUTE_CONFLICT';

const brand = Symbol.for('gantry.router-compile-error');

/**
 * A refused route table. `field` is the config path of the offending value (`routes[3].path`,
 * `groups[1].hosts[0]`); `routeIndexes` lists every route involved (both, for a conflict).
 */
export class RouterCompileError extends Error {
  override readonly name = 'RouterCompileError';
  readonly code: RouterCompileErrorCode;
  readonly field: string;
  readonly routeIndexes: readonly number[];
  readonly [brand] = true;

  constructor(code: RouterCompileErrorCode, field: string, detail: string, routeIndexes: readonly number[] = []) {
    super(`${field}: ${detail}`);
    this.code = code;
    this.field = field;
    this.routeIndexes = Object.freeze([...routeIndexes]);
  }

  // A second copy of this module (another SDK build) still recognises our errors.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isRouterCompileError(value);
  }
}

/** True for a {@link RouterCompileError} from any copy of this module. */
export function isRouterCompileError(value: unknown): value is RouterCompileError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
