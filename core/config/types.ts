/**
 * Types of an accepted config, derived from the schemas (never written by hand). They describe the
 * config as `validateConfig` returns it: every default filled in, everything read-only (and frozen).
 */
import type { Static } from '@sinclair/typebox';
import type { ApiSchema, GroupSchema, MatchSchema } from './api-schema.js';
import type { BackendSchema, HttpBackendSchema, MockBackendSchema } from './backend-schema.js';
import type { BindingSchema, PluginRefSchema, bindingScopes } from './binding-schema.js';
import type { BreakerSchema, ClusterSchema, EndpointSchema, PoolSchema, loadBalancingPolicies } from './cluster-schema.js';
import type { GantryConfigSchema, LimitsSchema, ListenSchema } from './config-schema.js';
import type { DeepReadonly } from './deep-freeze.js';
import type { RpcProtoSchema } from './rpc-schema.js';
import type { httpMethods } from './schema-defs.js';

/** A whole accepted config document. */
export type GantryConfig = DeepReadonly<Static<typeof GantryConfigSchema>>;
/** Where the gateway listens. */
export type ListenConfig = DeepReadonly<Static<typeof ListenSchema>>;
/** Client-side limits and timeouts. */
export type LimitsConfig = DeepReadonly<Static<typeof LimitsSchema>>;
/** A set of hosts sharing one route table. */
export type GroupConfig = DeepReadonly<Static<typeof GroupSchema>>;
/** One API: route, backend, plugins. */
export type ApiConfig = DeepReadonly<Static<typeof ApiSchema>>;
/** Which requests an API answers. */
export type MatchConfig = DeepReadonly<Static<typeof MatchSchema>>;
/** Any backend; narrow on `protocol`. */
export type BackendConfig = DeepReadonly<Static<typeof BackendSchema>>;
/** Forward to a cluster over HTTP. */
export type HttpBackendConfig = DeepReadonly<Static<typeof HttpBackendSchema>>;
/** Answer with a fixed response. */
export type MockBackendConfig = DeepReadonly<Static<typeof MockBackendSchema>>;
/** A plugin in one API's `plugins` list. */
export type PluginRef = DeepReadonly<Static<typeof PluginRefSchema>>;
/** A plugin attached globally, to a group or to one API. */
export type BindingConfig = DeepReadonly<Static<typeof BindingSchema>>;
/** A named set of upstream endpoints. */
export type ClusterConfig = DeepReadonly<Static<typeof ClusterSchema>>;
/** One upstream endpoint of a cluster. */
export type EndpointConfig = DeepReadonly<Static<typeof EndpointSchema>>;
/** Circuit breaker settings per endpoint. */
export type BreakerConfig = DeepReadonly<Static<typeof BreakerSchema>>;
/** Connection pool settings per endpoint. */
export type PoolConfig = DeepReadonly<Static<typeof PoolSchema>>;

/** The protobuf messages of a `sofarpc` backend and where their types come from. */
export type RpcProtoConfig = DeepReadonly<Static<typeof RpcProtoSchema>>;
/** An HTTP method a route or backend may name. */
export type HttpMethod = (typeof httpMethods)[number];
/** `exact` or `prefix`. */
export type MatchType = MatchConfig['type'];
/** `global`, `group` or `api`. */
export type BindingScope = (typeof bindingScopes)[number];
/** `random`, `round-robin` or `weighted`. */
export type LoadBalancingPolicy = (typeof loadBalancingPolicies)[number];
