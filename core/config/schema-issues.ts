/**
 * Turns Ajv's errors into issues a person can act on: the path names the field (a missing field is
 * in the path, an unknown one in the message), the message says what is allowed, and the noise of
 * composite schemas is dropped. Ajv must run with `verbose: true` so errors carry the offending
 * value and the schema around it.
 */
import type { ErrorObject } from 'ajv';
import { childPath, describeConfigPath, type ConfigIssue } from './config-issue.js';
import { taggedUnionTags } from './schema-builders.js';
import { rpcPatternMessages } from './rpc-schema.js';
import { patternMessages } from './schema-defs.js';

/** Readable issues for the errors of one validation run over `document`, de-duplicated. */
export function issuesFromSchemaErrors(errors: readonly ErrorObject[], document: unknown): ConfigIssue[] {
  // A value of the wrong type also fails its enum/const/discriminator; only the type error helps.
  const wrongType = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && error.propertyName === undefined && wrongType.has(error.instancePath)) continue;
    const issue = issueFromError(error, document);
    if (issue === undefined) continue;
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function issueFromError(error: ErrorObject, document: unknown): ConfigIssue | undefined {
  const path = describeConfigPath(document, pointerSegments(error.instancePath));
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    // Raised by `propertyNames` for a bad key of a map (a mock header name).
    return { path: childPath(path, error.propertyName), message: `invalid name: ${messageFor(error, params)}` };
  }
  switch (error.keyword) {
    case 'propertyNames': // its inner error, above, says what is wrong
    case 'if': // its `then` error says what is missing
      return undefined;
    case 'required':
      return { path: childPath(path, String(params.missingProperty)), message: 'is required' };
    case 'discriminator': {
      const tag = String(params.tag);
      const allowed = (taggedUnionTags(error.parentSchema) ?? []).join(', ');
      const missing = params.tagValue === undefined;
      return { path: childPath(path, tag), message: missing ? `is required (one of ${allowed})` : `must be one of ${allowed}` };
    }
    default:
      return { path, message: messageFor(error, params) };
  }
}

function messageFor(error: ErrorObject, params: Record<string, unknown>): string {
  // A schema may word its own refusal (plugins do, for rules like "not a hop-by-hop header").
  const own = (error.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (typeof own === 'string') return own;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type).split(',').map(describeType).join(' or ')} (got ${preview(error.data)})`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'minItems':
      return params.limit === 1 ? 'must list at least one item' : `must list at least ${String(params.limit)} items`;
    case 'maxItems':
      return `must list at most ${String(params.limit)} items`;
    case 'uniqueItems':
      return duplicateItemMessage(error.data, Number(params.i), Number(params.j));
    case 'pattern':
      return patternMessages.get(String(params.pattern)) ?? rpcPatternMessages.get(String(params.pattern)) ?? `must match the pattern ${String(params.pattern)}`;
    case 'additionalProperties':
      return unknownFieldMessage(String(params.additionalProperty), error.parentSchema);
    default:
      return error.message ?? 'is not valid';
  }
}

function unknownFieldMessage(field: string, parentSchema: unknown): string {
  const properties = isRecord(parentSchema) && isRecord(parentSchema.properties) ? parentSchema.properties : {};
  const suggestion = closestName(field, Object.keys(properties));
  return suggestion === undefined ? `unknown field "${field}"` : `unknown field "${field}" (did you mean "${suggestion}"?)`;
}

function duplicateItemMessage(list: unknown, i: number, j: number): string {
  const [first, second] = i < j ? [i, j] : [j, i];
  const value = Array.isArray(list) ? preview(list[first]) : 'an item';
  return `must not repeat ${value} (items [${first}] and [${second}])`;
}

/** The known name a misspelt `field` most likely meant: same letters in another case, a prefix either way, or few edits. */
function closestName(field: string, known: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const candidate = name.toLowerCase();
    const prefix = Math.min(lower.length, candidate.length) >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate));
    const distance = candidate === lower ? 0 : prefix ? 1 : editDistance(lower, candidate);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return bestDistance <= Math.min(2, Math.floor(field.length / 3)) || bestDistance <= 1 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function describeType(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

/** A short rendering of a value for "got …" messages. */
function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
