/**
 * A JSON list, map or object bound to the Java type it is sent as, checked at its top level by
 * asJava; JavaJsonEncoder converts its content while writing it. This replaces toHessian's typed
 * copy of the whole value (a second walk and an allocation per node) on the gateway's hot path.
 */
export class JsonAsJava {
  constructor(
    readonly json: Record<string, unknown> | readonly unknown[],
    readonly shape: JsonShape,
    /** The Java class written: the list, map or POJO class ('' for shape 'any'). */
    readonly javaClass: string,
  ) {}
}

/**
 * 'list': an array as a list of that class, items inferred; 'map': an object as a map of that
 * class, values inferred; 'pojo': an object as an instance of its own `$class` or else that class,
 * fields inferred; 'any': as inferHessian would (java.lang.Object).
 */
export type JsonShape = 'list' | 'map' | 'pojo' | 'any';
