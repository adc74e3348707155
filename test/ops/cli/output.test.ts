import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../../ops/cli/cli-args.js';
import { formatAge, outputFormat, render, renderTable } from '../../../ops/cli/output.js';

describe('cli output', () => {
  it('cli output - a table pads columns, capitalises the header and shows nothing as "-"', () => {
    expect(renderTable(['id', 'revision', 'plugins'], [['n1', 12, 'request-id@1.0.0'], ['node-22', null, '']])).toBe(
      'ID       REVISION  PLUGINS\nn1       12        request-id@1.0.0\nnode-22  -         -\n',
    );
    expect(renderTable(['name'], [])).toBe('NAME\n');
    expect(renderTable(['a', 'b'], [['multi\nline', 'x']])).toBe('A           B\nmulti line  x\n');
  });

  it('cli output - -o picks json or yaml among the formats a verb offers, else a usage error', () => {
    expect(outputFormat(undefined)).toBe('table');
    expect(outputFormat(undefined, ['yaml', 'json'])).toBe('yaml');
    expect(outputFormat('yaml', ['table', 'json', 'yaml'])).toBe('yaml');
    expect(() => outputFormat('yaml')).toThrow(new UsageError('-o must be one of table, json, got "yaml"'));
    const value = { a: [1, 2], b: 'x' };
    expect(JSON.parse(render('json', value, () => 'table'))).toEqual(value);
    expect(parseYaml(render('yaml', value, () => 'table'))).toEqual(value);
    expect(render('table', value, () => 'table')).toBe('table');
  });

  it('cli output - ages read in the largest sensible units', () => {
    expect([formatAge(null), formatAge(850), formatAge(42_000), formatAge(192_000), formatAge(5 * 3_600_000 + 240_000), formatAge(51 * 3_600_000)])
      .toEqual(['-', '850ms', '42s', '3m12s', '5h4m', '2d3h']);
  });
});
