/**
 * The config validator, compiled once when this module loads (compiling costs milliseconds; a
 * validation run costs microseconds), as fastify compiles its route schemas ahead of time.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { GantryConfigSchema } from './config-schema.js';

const ajv = new Ajv({
  allErrors: true, // report every problem at once, not the first one
  useDefaults: true, // fill in schema defaults; callers hand in a clone
  removeAdditional: false, // an unknown field is an error, never silently dropped
  discriminator: true, // backend shapes are selected by `protocol` (see taggedUnion)
  verbose: true, // errors carry the value and parent schema, for readable messages
  strict: true,
  strictRequired: false, // `then: { required: [...] }` names fields declared on the enclosing object
});

const validateDocument = ajv.compile(GantryConfigSchema);

/**
 * Checks `draft` against the config schema, filling in defaults IN PLACE (so pass a clone).
 * Returns Ajv's errors; an empty list means the draft now is a complete config.
 */
export function applyConfigSchema(draft: unknown): readonly ErrorObject[] {
  return validateDocument(draft) ? [] : [...(validateDocument.errors ?? [])];
}
