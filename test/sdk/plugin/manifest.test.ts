import { describe, expect, it } from 'vitest';
import { PluginManifestError, parsePluginManifest } from '../../../sdk/plugin/manifest.js';

const wasm = {
  name: 'guard', version: '1.2.3', kind: 'wasm', priority: 10, phases: ['request'],
  configSchema: { type: 'object', properties: { max: { type: 'integer', default: 3 } } },
};

function issuesOf(json: unknown): string[] {
  try {
    parsePluginManifest(json);
  } catch (error) {
    if (error instanceof PluginManifestError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('plugin manifest - sanity', () => {
  it('manifest - a wasm manifest gets default limits, apiVersion and main, frozen', () => {
    const manifest = parsePluginManifest(wasm);
    expect(manifest).toMatchObject({ apiVersion: 1, kind: 'wasm', limits: { timeoutMs: 100, memoryMiB: 16 }, main: 'plugin.wasm' });
    expect(Object.isFrozen(manifest)).toBe(true);
    expect(Object.isFrozen(manifest.configSchema)).toBe(true);
  });

  it('manifest - a ts manifest has no limits and main plugin.js; the input is not changed', () => {
    const input = { ...wasm, kind: 'ts' };
    const manifest = parsePluginManifest(input);
    expect(manifest.limits).toBeUndefined();
    expect(manifest.main).toBe('plugin.js');
    expect(input).not.toHaveProperty('apiVersion');
  });

  it('manifest - switches starting with the plugin name are accepted', () => {
    const manifest = parsePluginManifest({
      ...wasm, switches: [{ name: 'guard.strict', type: 'bool', default: false, scopes: ['global', 'api'], description: 'Refuse more.' }],
    });
    expect(manifest.switches?.[0]?.name).toBe('guard.strict');
  });
});

describe('plugin manifest - rejects, naming the field', () => {
  it('manifest - rejects wrong types, unknown fields and bad versions', () => {
    expect(issuesOf({ ...wasm, version: '1.2', priority: 'high', extra: 1 })).toEqual(expect.arrayContaining([
      expect.stringMatching(/^version: /),
      'priority: must be an integer (got "high")',
      expect.stringMatching(/^: unknown field "extra"/),
    ]));
  });

  it('manifest - rejects limits out of range, and limits on a ts plugin', () => {
    expect(issuesOf({ ...wasm, limits: { timeoutMs: 60_000, memoryMiB: 16 } })).toEqual(['limits.timeoutMs: must be <= 10000']);
    expect(issuesOf({ ...wasm, kind: 'ts', limits: { timeoutMs: 50, memoryMiB: 16 } })).toEqual([expect.stringMatching(/^limits: only applies to kind wasm/)]);
  });

  it('manifest - rejects an empty or repeated phase list and an unknown phase', () => {
    expect(issuesOf({ ...wasm, phases: [] })).toEqual(['phases: must list at least one item']);
    expect(issuesOf({ ...wasm, phases: ['request', 'request'] })).toEqual([expect.stringMatching(/^phases: must not repeat/)]);
    expect(issuesOf({ ...wasm, phases: ['body'] }).length).toBeGreaterThan(0);
  });

  it('manifest - rejects a switch of another plugin and a malformed switch', () => {
    expect(issuesOf({
      ...wasm, switches: [{ name: 'other.x', type: 'bool', default: true, scopes: ['global'], description: 'x' }],
    })).toEqual(['switches[0].name: must start with the plugin name and a dot ("guard.")']);
    expect(issuesOf({
      ...wasm, switches: [{ name: 'guard.level', type: 'int', default: 50, min: 0, max: 10, scopes: ['global'], description: 'x' }],
    })).toEqual([expect.stringMatching(/^switches\[0\]: switch guard.level: default/)]);
  });

  it('manifest - rejects a configSchema that is not a JSON Schema', () => {
    expect(issuesOf({ ...wasm, configSchema: { type: 'objekt' } })).toEqual([expect.stringMatching(/^configSchema: is not a valid JSON Schema/)]);
  });

  it('manifest - rejects something that is not an object, with a stable code', () => {
    expect(() => parsePluginManifest([])).toThrow(expect.objectContaining({ code: 'GANTRY_PLUGIN_MANIFEST_INVALID' }));
  });
});
