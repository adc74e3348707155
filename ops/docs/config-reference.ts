/**
 * Renders docs/config.md from the config's JSON Schema, so the reference can never drift from what
 * the validator accepts (a test compares the committed file with this output).
 * Run: `node dist/ops/docs/config-reference.js > docs/config.md`.
 */
import { pathToFileURL } from 'node:url';
import { gantryConfigSchema } from '../../core/config/index.js';

type Schema = Record<string, unknown>;

function typeOf(schema: Schema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (Array.isArray(schema.oneOf)) return 'one of the variants below';
  const type = schema.type;
  if (type === 'array') return `list of ${typeOf((schema.items ?? {}) as Schema)}`;
  if (type === 'object' && schema.title === undefined && schema.properties === undefined) return 'map';
  if (type === 'object') return String(schema.title ?? 'object');
  return String(type ?? 'any');
}

function limits(schema: Schema): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${String(schema.minimum)}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${String(schema.maximum)}`);
  if (schema.pattern !== undefined) parts.push(`pattern \`${String(schema.pattern)}\``);
  return parts.join(', ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Every object schema reachable from `root`, titled, in the order first met. */
function objectSchemas(root: Schema): Schema[] {
  const found: Schema[] = [];
  const seen = new Set<string>();
  const visit = (schema: Schema | undefined): void => {
    if (schema === undefined) return;
    if (schema.type === 'object' && schema.properties !== undefined) {
      const title = String(schema.title ?? 'object');
      if (!seen.has(title)) {
        seen.add(title);
        found.push(schema);
      }
      for (const child of Object.values(schema.properties as Record<string, Schema>)) visit(child);
    }
    if (schema.items !== undefined) visit(schema.items as Schema);
    for (const variant of (schema.oneOf ?? []) as Schema[]) visit(variant);
  };
  visit(root);
  return found;
}

function renderObject(schema: Schema): string {
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(schema.properties as Record<string, Schema>).map(([name, field]) => {
    const needed = required.has(name) && field.default === undefined ? 'yes' : '';
    const fallback = field.default === undefined ? '' : `\`${JSON.stringify(field.default)}\``;
    const description = [String(field.description ?? ''), limits(field)].filter(Boolean).join(' ');
    return `| \`${name}\` | ${cell(typeOf(field))} | ${needed} | ${cell(fallback)} | ${cell(description)} |`;
  });
  return [
    `## ${String(schema.title ?? 'object')}`,
    '',
    String(schema.description ?? ''),
    '',
    '| field | type | required | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The whole reference page. */
export function renderConfigReference(): string {
  const header = [
    '# Config reference (version 1)',
    '',
    'Generated from the config schema (`ops/docs/config-reference.ts`); do not edit by hand.',
    'Unknown fields are refused. Every problem is reported with its field path, e.g.',
    '`apis[1](ping).backend.status: must be <= 599`, and a refused config never replaces the live one.',
    'See `ops/examples/quickstart.yaml` for a commented example.',
    '',
  ].join('\n');
  return `${header}\n${objectSchemas(gantryConfigSchema as Schema).map(renderObject).join('\n')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(renderConfigReference());
}
