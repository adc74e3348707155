import fc from 'fast-check';

/** What sets one property test's JSON values apart from another's. */
export interface JsonValueDomain {
  /** Scalars besides null, booleans and integers. */
  readonly scalars: readonly fc.Arbitrary<unknown>[];
  /** Object keys. */
  readonly keys: fc.Arbitrary<string>;
  /** Longest array. */
  readonly maxItems: number;
  /** Further recursive shapes (e.g. objects with a `$class`), built from the recursive value. */
  readonly more?: (value: fc.Arbitrary<unknown>) => readonly fc.Arbitrary<unknown>[];
}

/** JSON-like values of RPC payload shapes, small depth, over `domain`'s scalars and keys. */
export function jsonValues(domain: JsonValueDomain): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => {
    const value = tie('value');
    return {
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        ...domain.scalars,
        fc.array(value, { maxLength: domain.maxItems }),
        fc.dictionary(domain.keys, value, { maxKeys: 5 }),
        ...(domain.more?.(value) ?? []),
      ),
    };
  }).value;
}
