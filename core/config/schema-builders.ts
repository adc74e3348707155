/**
 * Small builders over TypeBox that keep the config schema and its TypeScript types in step.
 *
 * The one convention to know: a property whose schema carries a `default` is left out of its
 * object's JSON `required` list (a document may omit it) but stays required in the static type,
 * because Ajv (`useDefaults`) fills it in before anyone reads the config. So `Static<typeof X>`
 * describes the config AFTER validation, which is the only shape the rest of the gateway sees.
 */
import { OptionalKind, Type, type ObjectOptions, type TSchema, type SchemaOptions, type Static, type TObject, type TProperties, type TUnsafe } from '@sinclair/typebox';

/**
 * A closed object (`additionalProperties: false`): every field of the config is declared, so a
 * misspelt key is refused instead of silently ignored. Defaulted properties become optional in the
 * document (see the file header).
 */
export function strictObject<P extends TProperties>(properties: P, options: ObjectOptions): TObject<P> {
  // A copy, not an edit: TypeBox may be set to hand out frozen schemas.
  const schema: TObject<P> = { ...Type.Object(properties, { ...options, additionalProperties: false }) };
  const required = Object.keys(properties).filter((key) => isRequiredInDocument(properties[key]));
  Reflect.deleteProperty(schema, 'required');
  return required.length > 0 ? Object.assign(schema, { required }) : schema;
}

function isRequiredInDocument(schema: TSchema | undefined): boolean {
  return schema !== undefined && !(OptionalKind in schema) && !('default' in schema);
}

/**
 * A string limited to `values`, as a plain JSON-schema `enum`: TypeBox's literal unions compile to
 * `anyOf`, whose per-branch errors read badly ("must be equal to constant" once per value).
 */
export function stringEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  options: SchemaOptions,
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/**
 * An object whose keys are free (a plugin's own config, checked later against the plugin's schema).
 */
export function openObject(options: SchemaOptions): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ ...options, type: 'object' });
}

/**
 * A union of object shapes told apart by the string constant in `tag` (`protocol: http`).
 *
 * Emitted as `oneOf` plus the OpenAPI `discriminator` keyword, which Ajv (option `discriminator`)
 * uses to validate only the branch the tag names: errors then come from that one branch, an unknown
 * tag is a single error, and defaults inside the branch are still applied (Ajv skips defaults in
 * plain `oneOf`). Each variant must declare `tag` as a required literal.
 */
export function taggedUnion<const T extends readonly [TObject, ...TObject[]]>(
  tag: string,
  variants: T,
  options: SchemaOptions,
): TUnsafe<Static<T[number]>> {
  return Type.Unsafe<Static<T[number]>>({
    ...options,
    type: 'object',
    discriminator: { propertyName: tag },
    oneOf: [...variants],
  });
}

/** The tag values a {@link taggedUnion} schema accepts, in declaration order (for error messages). */
export function taggedUnionTags(schema: unknown): string[] | undefined {
  if (!isRecord(schema) || !isRecord(schema.discriminator) || !Array.isArray(schema.oneOf)) return undefined;
  const tag = schema.discriminator.propertyName;
  if (typeof tag !== 'string') return undefined;
  const tags: string[] = [];
  for (const variant of schema.oneOf) {
    const property = isRecord(variant) && isRecord(variant.properties) ? variant.properties[tag] : undefined;
    if (isRecord(property) && typeof property.const === 'string') tags.push(property.const);
  }
  return tags;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
