import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmPluginDefinition } from '../../../core/wasm/index.js';
import { createTestHost, PluginConfigError } from '../../../sdk/testing/index.js';
import { loadExamplePlugin } from '../support/built-wasm-plugin.js';

let definition: WasmPluginDefinition;

beforeAll(async () => {
  definition = await loadExamplePlugin('wasm-allow-deny');
}, 120_000);

async function configFailure(config: unknown): Promise<PluginConfigError> {
  const failure = await createTestHost(definition, config).then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(PluginConfigError);
  return failure as PluginConfigError;
}

describe('wasm-allow-deny - schema (its manifest configSchema, checked by the gateway validator)', () => {
  it('schema - sanity: an empty config gets its defaults', async () => {
    const host = await createTestHost(definition, {});
    expect(host.config).toEqual({ denyPaths: [], allowPaths: [], denyHeaders: [], requireHeaders: [], code: 8101, status: 0 });
    await host.close();
  });

  it('schema - rejects wrong types, naming the field', async () => {
    const failure = await configFailure({ denyPaths: '/admin', status: 'x' });
    expect(failure.issues).toContainEqual({ path: 'config.denyPaths', message: 'must be a list (got "/admin")' });
    expect(failure.issues).toContainEqual({ path: 'config.status', message: 'must be an integer (got "x")' });
  });

  it('schema - rejects an unknown field with a suggestion, and a header rule without a name', async () => {
    const failure = await configFailure({ denyPath: ['/a'], denyHeaders: [{ value: 'x' }] });
    expect(failure.issues).toContainEqual({ path: 'config', message: 'unknown field "denyPath" (did you mean "denyPaths"?)' });
    expect(failure.issues).toContainEqual({ path: 'config.denyHeaders[0].name', message: 'is required' });
  });

  it('schema - rejects a path prefix not starting with "/"', async () => {
    const failure = await configFailure({ allowPaths: ['shop'] });
    expect(failure.issues.map((issue) => issue.path)).toEqual(['config.allowPaths[0]']);
  });
});
