import { ProtocolError } from '../errors.js';
import { javaTypeName, parseJavaType, primitiveDescriptors } from './type-names.js';

// JVM field descriptors, as Dubbo sends a method's parameter types:
// `(String, int, long[])` → `Ljava/lang/String;I[J`.

/** `int` → `I`, `java.lang.String` → `Ljava/lang/String;`, `int[]` or `[I` → `[I`. */
export function javaTypeDescriptor(javaType: string): string {
  const { element, dims } = parseJavaType(javaType);
  const letter = primitiveDescriptors[element];
  return '['.repeat(dims) + (letter ?? `L${element.replaceAll('.', '/')};`);
}

/** Concatenated descriptors of a parameter list. */
export function argTypesDescriptor(types: readonly string[]): string {
  return types.map(javaTypeDescriptor).join('');
}

const primitiveNames = new Map(Object.entries(primitiveDescriptors).map(([name, letter]) => [letter, name]));

/** Inverse of argTypesDescriptor; names come back in source form (`int[]`, `java.lang.String`). */
export function parseArgTypesDescriptor(desc: string): string[] {
  const types: string[] = [];
  let at = 0;
  while (at < desc.length) {
    let dims = 0;
    while (desc[at] === '[') {
      dims++;
      at++;
    }
    const letter = desc[at];
    if (letter === 'L') {
      const end = desc.indexOf(';', at);
      if (end < 0 || end === at + 1) throw new ProtocolError('bad-payload', `dubbo: unterminated class in descriptor '${desc}'`);
      types.push(javaTypeName({ element: desc.slice(at + 1, end).replaceAll('/', '.'), dims }));
      at = end + 1;
      continue;
    }
    const primitive = letter === undefined ? undefined : primitiveNames.get(letter);
    if (!primitive) throw new ProtocolError('bad-payload', `dubbo: bad descriptor '${desc}' at ${at}`);
    types.push(javaTypeName({ element: primitive, dims }));
    at++;
  }
  return types;
}
