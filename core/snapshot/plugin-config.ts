import { Ajv, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import type { ConfigIssue } from '../config/config-issue.js';
import { deepFreeze } from '../config/deep-freeze.js';
import { issuesFromSchemaErrors } from '../config/schema-issues.js';

const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, verbose: true, strict: false });

// Why cache by schema object: compiling costs milliseconds, a plugin's schema never changes.
const validators = new WeakMap<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** Prefixes issue paths found inside a plugin config with where that config sits in the document. */
function located(issues: readonly ConfigIssue[], at: string): ConfigIssue[] {
  return issues.map((issue) => ({ path: issue.path === '' ? at : `${at}.${issue.path}`, message: issue.message }));
}

/**
 * Checks one binding's config against its plugin's schema; on success returns a frozen copy with
 * the schema's defaults filled in (the document itself is never changed).
 */
export function checkPluginConfig(schema: TSchema, config: unknown, at: string): { ok: true; config: unknown } | { ok: false; issues: ConfigIssue[] } {
  const draft = structuredClone(config ?? {});
  const validate = validatorFor(schema);
  if (validate(draft)) return { ok: true, config: deepFreeze(draft) };
  return { ok: false, issues: located(issuesFromSchemaErrors(validate.errors ?? [], draft), at) };
}
