import { ProtocolError } from '../errors.js';

/** Java primitive names and their JVM descriptor letters. */
export const primitiveDescriptors: Readonly<Record<string, string>> = {
  boolean: 'Z',
  byte: 'B',
  char: 'C',
  short: 'S',
  int: 'I',
  long: 'J',
  float: 'F',
  double: 'D',
};

const primitiveByLetter = new Map(Object.entries(primitiveDescriptors).map(([name, letter]) => [letter, name]));

/** A Java type split into its element type and array depth: `int[][]` → { element: 'int', dims: 2 }. */
export interface JavaTypeRef {
  element: string;
  dims: number;
}

/**
 * Accepts source form (`int[]`, `java.lang.String[]`) and Class.getName() form (`[I`,
 * `[Ljava.lang.String;`), as callers hold either.
 */
export function parseJavaType(type: string): JavaTypeRef {
  const name = type.trim();
  if (name.startsWith('[')) {
    let dims = 0;
    while (name[dims] === '[') dims++;
    const rest = name.slice(dims);
    const primitive = rest.length === 1 ? primitiveByLetter.get(rest) : undefined;
    if (primitive) return { element: primitive, dims };
    if (rest.startsWith('L') && rest.endsWith(';') && rest.length > 2) return { element: rest.slice(1, -1), dims };
    throw new ProtocolError('type-mismatch', `java type: malformed array name '${type}'`);
  }
  let dims = 0;
  let element = name;
  while (element.endsWith('[]')) {
    element = element.slice(0, -2).trimEnd();
    dims++;
  }
  if (element === '' || /[\s;[\]]/.test(element)) throw new ProtocolError('type-mismatch', `java type: malformed name '${type}'`);
  return { element, dims };
}

/** Source form: `int[]`, `java.lang.String`. */
export function javaTypeName(ref: JavaTypeRef): string {
  return ref.element + '[]'.repeat(ref.dims);
}
