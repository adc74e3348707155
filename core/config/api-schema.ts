/**
 * Groups and APIs: a group is the set of hosts that selects it; an API is a route within a group
 * (path + match type + methods), a backend, and the plugins run for it.
 */
import { Type } from '@sinclair/typebox';
import { BackendSchema, MockBackendSchema } from './backend-schema.js';
import { PluginRefSchema } from './binding-schema.js';
import { RpcMatchSchema } from './rpc-schema.js';
import { stringEnum, strictObject } from './schema-builders.js';
import { hostDef, httpMethodListDef, nameDef, pathDef } from './schema-defs.js';

/** How a route's path is compared with the request path. */
export const matchTypes = ['exact', 'prefix'] as const;

/** A set of hosts whose requests share one route table. */
export const GroupSchema = strictObject(
  {
    name: nameDef('Group name, unique among groups; also accepted in the `x-gateway-group` request header.'),
    hosts: Type.Array(hostDef('A host name, or `*.` and a host name for every host below it.'), {
      description: 'Hosts whose requests this group serves; a host may belong to one group only.',
      default: [],
      uniqueItems: true,
    }),
    default: Type.Boolean({
      description: 'Serve requests whose host matches no group. At most one group may be the default.',
      default: false,
    }),
  },
  { title: 'Group', description: 'A set of hosts sharing one route table.' },
);

/** Which requests an API answers. */
export const MatchSchema = strictObject(
  {
    path: Type.Optional(pathDef('Request path to match (HTTP front). Required unless `rpc` is given.')),
    type: Type.Optional(stringEnum(matchTypes, {
      description: '`exact`: the whole path; `prefix`: the path and everything below it, by whole segments (`/items` matches `/items/42`, not `/itemsx`). Required with `path`.',
    })),
    methods: Type.Optional(httpMethodListDef('Accepted HTTP methods. Absent: any method.')),
    rpc: Type.Optional(RpcMatchSchema),
  },
  { title: 'Match', description: 'Which requests the API answers: HTTP requests by `path` (and `type`, `methods`), RPC front calls by `rpc`, or both.' },
);

/**
 * The answer of an API degraded by the `gantry.api.degrade` switch. The fields are the mock
 * backend's own (same rules and defaults), so a degrade answer reads like a mock backend.
 */
export const DegradeSchema = strictObject(
  {
    status: MockBackendSchema.properties.status,
    headers: MockBackendSchema.properties.headers,
    body: MockBackendSchema.properties.body,
    resultCode: MockBackendSchema.properties.resultCode,
  },
  {
    title: 'Degrade',
    description: 'What the API answers instead of calling its backend while the `gantry.api.degrade` switch is on for it. Absent: an empty 200 with result code 1100.',
  },
);

/** One API: a route in a group, its backend and its plugins. */
export const ApiSchema = strictObject(
  {
    name: nameDef('API name, unique within its group.'),
    group: nameDef('Name of the group (under `groups`) the API belongs to.'),
    match: MatchSchema,
    backend: BackendSchema,
    plugins: Type.Array(PluginRefSchema, {
      description: 'Plugins run for this API only, in addition to global and group bindings.',
      default: [],
    }),
    degrade: Type.Optional(DegradeSchema),
  },
  { title: 'Api', description: 'A route, its backend and its plugins.' },
);
