/**
 * `validateConfig`: the one way a config document becomes a `GantryConfig`. Schema pass (shape and
 * defaults), then semantic pass (references, uniqueness, URLs), then deep-freeze. The caller's
 * document is never changed: defaults are written into a clone.
 */
import type { ConfigIssue } from './config-issue.js';
import { deepFreeze } from './deep-freeze.js';
import { issuesFromSchemaErrors } from './schema-issues.js';
import { applyConfigSchema } from './schema-validator.js';
import { checkConfigMeaning, checkConfigVersion } from './semantic-checks.js';
import type { GantryConfig } from './types.js';

/** Outcome of {@link validateConfig}: the accepted config, or every issue found. */
export type ValidationResult =
  | { readonly ok: true; readonly config: GantryConfig }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Checks a parsed config document (from YAML, JSON, the config bus...) and returns it with every
 * default filled in and deeply frozen, or all the issues found. Semantic issues are only looked for
 * once the shape is right, since they would mostly repeat shape errors.
 */
export function validateConfig(document: unknown): ValidationResult {
  let draft: unknown;
  try {
    draft = structuredClone(document);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refused([{ path: '', message: `must be plain data (objects, arrays, strings, numbers, booleans): ${reason}` }]);
  }
  const versionIssue = checkConfigVersion(draft);
  if (versionIssue !== undefined) return refused([versionIssue]);

  const schemaErrors = applyConfigSchema(draft);
  if (schemaErrors.length > 0) return refused(issuesFromSchemaErrors(schemaErrors, draft));

  // The schema pass accepted the draft and filled in every default, so it now has the config's type.
  const config = draft as GantryConfig;
  const semanticIssues = checkConfigMeaning(config);
  if (semanticIssues.length > 0) return refused(semanticIssues);
  return { ok: true, config: deepFreeze(config) };
}

function refused(issues: readonly ConfigIssue[]): ValidationResult {
  return { ok: false, issues: Object.freeze([...issues]) };
}
