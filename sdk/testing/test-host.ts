import type { Static, TSchema } from '@sinclair/typebox';
import type { ConfigIssue } from '../../core/config/config-issue.js';
import type { GantryError } from '../../core/pipeline/gantry-error.js';
import { checkPluginConfig } from '../../core/snapshot/plugin-config.js';
import type { Exchange, HeaderMap, ResponseView } from '../plugin/exchange.js';
import type { HookResult, PluginContext, PluginDefinition, PluginInstance } from '../plugin/plugin.js';
import { isReply, type Reply } from '../plugin/reply.js';
import { createTestExchange, lowerCaseHeaders, type ExchangeInput } from './test-exchange.js';

/** Thrown by {@link createTestHost} for a config the gateway would refuse; `issues` name each bad field. */
export class PluginConfigError extends Error {
  override readonly name = 'PluginConfigError';
  readonly code = 'GANTRY_PLUGIN_CONFIG_INVALID';

  constructor(readonly plugin: string, readonly issues: readonly ConfigIssue[]) {
    super(`plugin ${plugin}: invalid config: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

/** Optional settings of a test host. */
export interface TestHostOptions {
  /** Initial dynamic switches the plugin reads through `context.switches`. */
  switches: Readonly<Record<string, unknown>>;
}

/** The exchange after the request phase, and the plugin's reply if it answered. */
export interface RequestOutcome {
  readonly exchange: Exchange;
  readonly reply?: Reply;
}

/** The response head after the response phase, and the plugin's reply if it replaced the answer. */
export interface ResponseOutcome {
  readonly response: ResponseView;
  readonly reply?: Reply;
}

/** One plugin instance, created from a validated config, driven phase by phase. */
export interface TestHost<S extends TSchema = TSchema> {
  /** The config as the plugin received it: validated, defaults filled in, frozen. */
  readonly config: Static<S>;
  /** The instance `create` returned, e.g. to check which hooks it offers. */
  readonly instance: PluginInstance;
  /** What the plugin logged, one `level: message` line per call. */
  readonly logs: string[];
  /** The switches the plugin reads; tests may change them between calls. */
  readonly switches: Map<string, unknown>;
  /** Runs `onRequest` on an exchange built from `input` (see `createTestExchange` for defaults). */
  request(input?: ExchangeInput): Promise<RequestOutcome>;
  /** Runs `onResponse` on a response head (default `200`, no headers) of `exchange`. */
  response(exchange: Exchange, response?: { status?: number; headers?: HeaderMap }): Promise<ResponseOutcome>;
  /** Runs `onError` for `error`; resolves to the plugin's replacement reply, if any. */
  error(exchange: Exchange, error: GantryError): Promise<Reply | undefined>;
  /** Calls the instance's `close`, as the gateway does once no snapshot uses it. */
  close(): Promise<void>;
}

/** The hook's answer, sync or async, checked the way the pipeline checks it. */
async function settled(result: HookResult, plugin: string, phase: string): Promise<Reply | undefined> {
  const value = await result;
  if (value === undefined || value === null) return undefined;
  if (isReply(value)) return value;
  throw new TypeError(`plugin ${plugin}: ${phase} returned something that is not a reply`);
}

/**
 * Creates one instance of `definition` the way the gateway does: `config` is checked against the
 * plugin's schema by the gateway's own validator (defaults filled in, result frozen) — a config it
 * would refuse throws a {@link PluginConfigError} naming each field — then `create` runs with a
 * context whose logger collects lines and whose switches are a plain map.
 *
 * Unlike the gateway, an error thrown by a hook is not turned into result 7777: it rejects the
 * call, so the test can assert on it.
 */
export async function createTestHost<S extends TSchema>(
  definition: PluginDefinition<S>,
  config: unknown = {},
  options: Partial<TestHostOptions> = {},
): Promise<TestHost<S>> {
  const checked = checkPluginConfig(definition.schema, config, 'config');
  if (!checked.ok) throw new PluginConfigError(definition.name, checked.issues);
  const validConfig = checked.config as Static<S>;
  const logs: string[] = [];
  const switches = new Map<string, unknown>(Object.entries(options.switches ?? {}));
  const context: PluginContext = {
    pluginName: definition.name,
    log: {
      debug: (message) => logs.push(`debug: ${message}`),
      info: (message) => logs.push(`info: ${message}`),
      warn: (message) => logs.push(`warn: ${message}`),
      error: (message) => logs.push(`error: ${message}`),
    },
    switches: { get: (name) => switches.get(name) },
  };
  const instance = await definition.create(validConfig, context);
  const name = definition.name;

  return {
    config: validConfig,
    instance,
    logs,
    switches,
    async request(input = {}) {
      // The gateway buffers the body before onRequest for plugins that ask for it; none sent is empty.
      const exchange = createTestExchange(definition.requestBody === true && input.body === undefined ? { ...input, body: Buffer.alloc(0) } : input);
      if (instance.onRequest === undefined) return { exchange };
      return { exchange, reply: await settled(instance.onRequest(exchange), name, 'onRequest') };
    },
    async response(exchange, head = {}) {
      const response: ResponseView = { status: head.status ?? 200, headers: lowerCaseHeaders(head.headers) };
      if (instance.onResponse === undefined) return { response };
      return { response, reply: await settled(instance.onResponse(exchange, response), name, 'onResponse') };
    },
    async error(exchange, error) {
      if (instance.onError === undefined) return undefined;
      return settled(instance.onError(exchange, error), name, 'onError');
    },
    async close() {
      await instance.close?.();
    },
  };
}
