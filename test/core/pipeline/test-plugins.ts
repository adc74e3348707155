/**
 * Plugins for the pipeline suite, each showing one behaviour: run order, replies, failures of every
 * kind, the error phase, response edits, body access and scoping. Module state (`seenErrors`,
 * `seenBodies`, `taggerCreates`) is read by the tests.
 */
import { Type, definePlugin, gantryError, reply, type HeaderMap, type PluginDefinition } from '../../../sdk/index.js';
import type { GantryError } from '../../../core/pipeline/gantry-error.js';

function append(headers: HeaderMap, name: string, value: string): void {
  const current = headers[name];
  headers[name] = typeof current === 'string' ? `${current},${value}` : value;
}

const NoConfig = Type.Object({});

/** Marks the request on the way in and the response on the way out, to show the run order. */
function orderPlugin(name: string, priority: number): PluginDefinition {
  return definePlugin({
    name,
    version: '1.0.0',
    priority,
    schema: NoConfig,
    create: () => ({
      onRequest: (exchange) => append(exchange.headers, 'x-order', name),
      onResponse: (_exchange, response) => append(response.headers, 'x-resp-order', name),
    }),
  });
}

const deny = definePlugin({
  name: 'deny',
  version: '1.0.0',
  priority: 500,
  schema: Type.Object({ body: Type.Optional(Type.String()) }),
  create: (config) => ({
    onRequest: () => (config.body === undefined
      ? reply('NoAccessForThisAppId', { tips: 'app demo may not call this API', detail: 'deny.app' })
      : reply('TooManyRequests', { body: config.body, headers: { 'content-type': 'text/plain', 'retry-after': '1' } })),
  }),
});

const boom = definePlugin({
  name: 'boom', version: '1.0.0', priority: 400, schema: NoConfig,
  create: () => ({ onRequest: () => { throw new Error('kaboom'); } }),
});

const asyncBoom = definePlugin({
  name: 'async-boom', version: '1.0.0', priority: 400, schema: NoConfig,
  create: () => ({ onRequest: async () => { await Promise.resolve(); throw new Error('async kaboom'); } }),
});

const garbage = definePlugin({
  name: 'garbage', version: '1.0.0', priority: 400, schema: NoConfig,
  // A plain-JS plugin can return anything; the gateway must not trust the type.
  create: () => ({ onRequest: () => ({ status: 200 }) as never }),
});

const refuser = definePlugin({
  name: 'refuser', version: '1.0.0', priority: 400, schema: NoConfig,
  create: () => ({ onRequest: () => { throw gantryError('NoAccessForThisAppId', { tips: 'refused on purpose', detail: 'refuser.no' }); } }),
});

export const seenErrors: GantryError[] = [];

const rescuer = definePlugin({
  name: 'rescuer', version: '1.0.0', priority: 100, schema: Type.Object({ replace: Type.Boolean({ default: true }) }),
  create: (config) => ({
    onError: (_exchange, error) => {
      seenErrors.push(error);
      if (config.replace) return reply('success', { status: 200, body: `rescued ${error.code}`, headers: { 'content-type': 'text/plain' } });
      return undefined;
    },
  }),
});

const stamp = definePlugin({
  name: 'stamp', version: '1.0.0', priority: 50, schema: NoConfig,
  create: () => ({
    onResponse: (_exchange, response) => {
      response.headers['x-stamped'] = `status-${response.status}`;
      delete response.headers['x-secret'];
    },
  }),
});

const responseBoom = definePlugin({
  name: 'response-boom', version: '1.0.0', priority: 40, schema: NoConfig,
  create: () => ({ onResponse: () => { throw new Error('response kaboom'); } }),
});

const errorBoom = definePlugin({
  name: 'error-boom', version: '1.0.0', priority: 40, schema: NoConfig,
  create: () => ({ onError: () => { throw new Error('error kaboom'); } }),
});

const replaceResponse = definePlugin({
  name: 'replace-response', version: '1.0.0', priority: 40, schema: NoConfig,
  create: () => ({
    onResponse: async (_exchange, response) => {
      await Promise.resolve();
      if (response.status === 200) return reply('success', { body: 'replaced by plugin', headers: { 'content-type': 'text/plain' } });
      return undefined;
    },
  }),
});

export const seenBodies: string[] = [];

const bodySwap = definePlugin({
  name: 'body-swap', version: '1.0.0', priority: 300, schema: NoConfig, requestBody: true,
  create: () => ({
    onRequest: (exchange) => {
      const text = exchange.body?.toString('utf8') ?? '<none>';
      seenBodies.push(text);
      exchange.body = Buffer.from(`swapped(${text}) and made longer`);
    },
  }),
});

let taggerCreates = 0;

/** How many tagger instances were created so far. */
export function taggerCreateCount(): number {
  return taggerCreates;
}

const tagger = definePlugin({
  name: 'tagger', version: '1.0.0', priority: 200, schema: Type.Object({ tag: Type.String() }),
  create: (config) => {
    taggerCreates++;
    return { onRequest: (exchange) => append(exchange.headers, 'x-tag', config.tag) };
  },
});

const strict = definePlugin({
  name: 'strict', version: '1.0.0', priority: 10, schema: Type.Object({ limit: Type.Integer({ minimum: 1 }) }),
  create: () => ({}),
});

/** Every plugin of this file, for the test catalog. */
export const PLUGINS: readonly PluginDefinition[] = [
  orderPlugin('order-a', 300), orderPlugin('order-b', 200), orderPlugin('order-c', 100),
  deny, boom, asyncBoom, garbage, refuser, rescuer, stamp, responseBoom, errorBoom, replaceResponse, bodySwap, tagger, strict,
];
