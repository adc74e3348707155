/**
 * The whole config document, version 1. This is the one source of truth for the config's shape:
 * the TypeScript types (types.ts) are derived from it and the validator is compiled from it.
 */
import { Type } from '@sinclair/typebox';
import { ApiSchema, GroupSchema } from './api-schema.js';
import { BindingSchema } from './binding-schema.js';
import { ClusterSchema } from './cluster-schema.js';
import { deepFreeze } from './deep-freeze.js';
import { strictObject } from './schema-builders.js';
import { bindAddressDef, portDef, timeoutMs } from './schema-defs.js';
import { TracingSchema } from './tracing-schema.js';

/** The config version this gateway reads. */
export const supportedConfigVersion = 1;

/** Where the gateway listens. */
export const ListenSchema = strictObject(
  {
    http: portDef('Port of the HTTP front, where API calls arrive.', 8080),
    admin: portDef('Port of the admin API (health, metrics, config query).', 9080),
    host: bindAddressDef('Address the HTTP front listens on.', '0.0.0.0'),
    adminHost: bindAddressDef('Address the admin API listens on; loopback by default so it is not exposed.', '127.0.0.1'),
    bolt: Type.Optional(Type.Integer({ description: 'Port of the Bolt (SOFARPC) front, on `host`; usually 12200, 0 lets the system choose. Absent: no Bolt front.', minimum: 0, maximum: 65_535 })),
    dubbo: Type.Optional(Type.Integer({ description: 'Port of the Dubbo front, on `host`; usually 20880, 0 lets the system choose. Absent: no Dubbo front.', minimum: 0, maximum: 65_535 })),
  },
  { title: 'Listen', description: 'Where the gateway listens.', default: {} },
);

/** Limits on what a client may send, and how long the gateway waits for it. */
export const LimitsSchema = strictObject(
  {
    bodyBytes: Type.Integer({
      description: 'Largest request body accepted, in bytes (default 10 MiB); larger bodies are refused.',
      default: 10 * 1024 * 1024,
      minimum: 0,
      maximum: 1024 * 1024 * 1024,
    }),
    headerBytes: Type.Integer({
      description: 'Largest request head (request line and headers) accepted, in bytes.',
      default: 16_384,
      minimum: 1024,
      maximum: 1024 * 1024,
    }),
    drainTimeoutMs: timeoutMs({
      description: 'On shutdown, how long in-flight calls may run before connections are closed.',
      default: 10_000,
      minimum: 0,
      maximum: 600_000,
    }),
    headersTimeoutMs: timeoutMs({
      description: 'Time allowed to receive a client\'s complete request head.',
      default: 60_000,
      maximum: 600_000,
    }),
    keepAliveTimeoutMs: timeoutMs({
      description: 'How long an idle client connection is kept open for the next request.',
      default: 72_000,
      maximum: 600_000,
    }),
  },
  { title: 'Limits', description: 'Client-side limits and timeouts.', default: {} },
);

/** The config document. */
export const GantryConfigSchema = strictObject(
  {
    version: Type.Literal(supportedConfigVersion, { description: 'Config format version; must be 1.' }),
    listen: ListenSchema,
    limits: LimitsSchema,
    groups: Type.Array(GroupSchema, { description: 'API groups, each selected by host.', default: [] }),
    apis: Type.Array(ApiSchema, { description: 'APIs: routes with their backends and plugins.', default: [] }),
    clusters: Type.Array(ClusterSchema, { description: 'Upstream clusters that http backends call.', default: [] }),
    bindings: Type.Array(BindingSchema, {
      description: 'Plugins attached globally, to a group or to one API.',
      default: [],
    }),
    tracing: Type.Optional(TracingSchema),
  },
  {
    title: 'Gantry config',
    description: 'Gantry gateway configuration, version 1. Only `version` is required; a config of only `version: 1` serves nothing.',
  },
);

/**
 * The raw JSON Schema of the config document (a frozen plain-JSON copy), for docs, editors and the
 * CLI. One keyword beyond draft-07: `discriminator` (OpenAPI), which plain validators ignore while
 * still applying the `oneOf` beside it.
 */
export const gantryConfigSchema = deepFreeze(JSON.parse(JSON.stringify(GantryConfigSchema)) as Record<string, unknown>);
