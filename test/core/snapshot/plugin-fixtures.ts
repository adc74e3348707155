/**
 * Versioned plugins for the binding, gray release and hot swap suites: `stamp` answers nothing but
 * stamps `x-stamp: <version>` on the response, and counts live instances per version.
 */
import { Type, definePlugin, type PluginDefinition } from '../../../sdk/index.js';

/** Live instances by version (created minus closed), and totals. */
export interface InstanceCounter {
  readonly live: Map<string, number>;
  created: number;
  closed: number;
}

export function instanceCounter(): InstanceCounter {
  return { live: new Map(), created: 0, closed: 0 };
}

/** `stamp@version`; `fail: true` in its config makes every call throw. */
export function stampPlugin(version: string, counter: InstanceCounter = instanceCounter()): PluginDefinition {
  return definePlugin({
    name: 'stamp',
    version,
    priority: 10,
    schema: Type.Object({ fail: Type.Boolean({ default: false }) }),
    create: (config) => {
      counter.created++;
      counter.live.set(version, (counter.live.get(version) ?? 0) + 1);
      return {
        onRequest: () => {
          if (config.fail) throw new Error(`stamp ${version} failed`);
        },
        onResponse: (_exchange, response) => {
          response.headers['x-stamp'] = version;
        },
        close: () => {
          counter.closed++;
          counter.live.set(version, (counter.live.get(version) ?? 0) - 1);
        },
      };
    },
  });
}

/** A plugin that always throws (7777 unless its binding fails open). */
export const brokenPlugin = definePlugin({
  name: 'broken', version: '1.0.0', priority: 20, schema: Type.Object({}),
  create: () => ({ onRequest: () => { throw new Error('broken on purpose'); } }),
});

/** An API on `/name` answered by a mock backend, with `plugins`. */
export function mockApi(name: string, plugins: unknown[]): Record<string, unknown> {
  return { name, group: 'g', match: { path: `/${name}`, type: 'prefix' }, backend: { protocol: 'mock', status: 200, body: name }, plugins };
}
