import { describe, expect, it } from 'vitest';
import { formatIssues, parseConfigText, validateConfig } from '../../../core/config/index.js';
import { issueExample } from './config-fixtures.js';

function parseIssues(text: string): readonly string[] {
  const result = parseConfigText(text, 'test.yaml');
  if (result.ok) throw new Error('expected the text to be refused');
  return result.issues.map((issue) => {
    expect(issue.path).toBe('');
    return issue.message;
  });
}

describe('config parse - YAML', () => {
  it('config parse - a syntax error gives its line and column', () => {
    const text = ['version: 1', 'listen:', '  http: 8080', '   admin: 9080', ''].join('\n');
    const messages = parseIssues(text);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(/^YAML syntax error at line 3, column \d+: /);
  });

  it('config parse - an unclosed flow list on the first line is located there', () => {
    expect(parseIssues('apis: [1, 2')[0]).toMatch(/^YAML syntax error at line 1, column 12: /);
  });

  it('config parse - a duplicate key is refused, not overwritten', () => {
    expect(parseIssues('version: 1\nversion: 2\n')).toEqual(['YAML syntax error at line 2, column 1: Map keys must be unique']);
  });

  it('config parse - an unknown tag is refused, not read as a string', () => {
    expect(parseIssues('version: !!port 1\n')[0]).toMatch(/^YAML problem at line 1, column 10: Unresolved tag/);
  });

  it('config parse - a second document is refused', () => {
    expect(parseIssues('version: 1\n---\nversion: 1\n')[0]).toMatch(/^YAML syntax error at line 2, column 1: .*multiple documents/);
  });

  it('config parse - an empty document is refused', () => {
    expect(parseIssues('# nothing yet\n')).toEqual(['the document is empty']);
    expect(parseIssues('')).toEqual(['the document is empty']);
  });

  it('config parse - an alias to a missing anchor is refused', () => {
    expect(parseIssues('version: 1\ngroups: *shared\n')[0]).toMatch(/^YAML problem: Unresolved alias/);
  });

  it('config parse - anchors and aliases are resolved', () => {
    const text = ['version: 1', 'groups:', '  - &shop { name: shop }', 'apis: []', ''].join('\n');
    const result = parseConfigText(`${text}x: *shop\n`, 'test.yaml');
    expect(result).toEqual({ ok: true, document: { version: 1, groups: [{ name: 'shop' }], apis: [], x: { name: 'shop' } } });
  });

  it('config parse - YAML 1.2 reads yes as a string, which validation then names', () => {
    const result = parseConfigText('version: 1\ngroups: [{ name: shop, default: yes }]\n', 'test.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(validateConfig(result.document)).toEqual({
      ok: false,
      issues: [{ path: 'groups[0](shop).default', message: 'must be true or false (got "yes")' }],
    });
  });

  it('config parse - formatIssues puts the origin in front of a syntax error', () => {
    const result = parseConfigText('version: 1\nversion: 1\n', 'gantry.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues('gantry.yaml', result.issues)).toBe('gantry.yaml: YAML syntax error at line 2, column 1: Map keys must be unique');
  });
});

describe('config parse - JSON', () => {
  it('config parse - JSON text is accepted and validates like the YAML', () => {
    const compact = parseConfigText(JSON.stringify(issueExample()), 'gantry.json');
    const pretty = parseConfigText(JSON.stringify(issueExample(), null, '\t'), 'gantry.json');
    expect(compact).toEqual({ ok: true, document: issueExample() });
    expect(pretty).toEqual({ ok: true, document: issueExample() });
    expect(compact.ok && validateConfig(compact.document).ok).toBe(true);
  });

  it('config parse - broken JSON gives its line and column', () => {
    const messages = parseIssues('{\n  "version": 1,\n  "listen": { "http": 8080 \n}\n');
    expect(messages[0]).toMatch(/^YAML syntax error at line \d+, column \d+: /);
  });
});
