/**
 * Upstream clusters: a named set of endpoints with a load-balancing policy, a circuit breaker per
 * endpoint and a connection pool per endpoint. Defaults follow the invoker's needs (undici pool,
 * breaker) so a cluster may be written as just a name and one URL.
 */
import { Type } from '@sinclair/typebox';
import { stringEnum, strictObject } from './schema-builders.js';
import { endpointUrlDef, nameDef, percent, timeoutMs } from './schema-defs.js';

/** Load-balancing policies a cluster may use. */
export const loadBalancingPolicies = ['random', 'round-robin', 'weighted'] as const;

/** One upstream address of a cluster. */
export const EndpointSchema = strictObject(
  {
    url: endpointUrlDef(
      'Base URL of the endpoint, `http://host:port` or `https://host:port`; a path in it is prefixed to every upstream path. No query, fragment or credentials. ' +
        'Clusters of `sofarpc` backends use `bolt://host:port`, those of `dubbo` backends `dubbo://host:port` (no path).',
    ),
    weight: Type.Integer({
      description: 'Share of calls relative to the other endpoints (used by the `weighted` policy).',
      default: 1,
      minimum: 1,
      maximum: 1000,
    }),
  },
  { title: 'Endpoint', description: 'One upstream address.' },
);

/** Circuit breaker settings, applied to each endpoint separately. */
export const BreakerSchema = strictObject(
  {
    errorThresholdPercentage: percent('Failure percentage within the rolling window that opens the breaker.', 50),
    resetTimeoutMs: timeoutMs({
      description: 'How long an open breaker refuses calls before letting one trial call through.',
      default: 10_000,
    }),
    volumeThreshold: Type.Integer({
      description: 'Calls needed within the rolling window before the breaker may open at all.',
      default: 20,
      minimum: 0,
      maximum: 1_000_000,
    }),
    rollingCountTimeoutMs: timeoutMs({
      description: 'Length of the rolling window over which failures are counted.',
      default: 10_000,
      minimum: 100,
    }),
  },
  { title: 'Breaker', description: 'Circuit breaker per endpoint.', default: {} },
);

/** Connection pool settings, applied to each endpoint separately. */
export const PoolSchema = strictObject(
  {
    connections: Type.Integer({
      description: 'Most open connections to one endpoint.',
      default: 128,
      minimum: 1,
      maximum: 65_536,
    }),
    keepAliveTimeoutMs: timeoutMs({
      description: 'How long an idle upstream connection is kept open for reuse.',
      default: 4000,
      maximum: 600_000,
    }),
    connectTimeoutMs: timeoutMs({
      description: 'Time allowed to open a connection (TCP, and TLS for https).',
      default: 2000,
      maximum: 600_000,
    }),
    pipelining: Type.Integer({
      description: 'Requests sent on one connection before the previous answer arrives; 1 is plain keep-alive, 0 disables keep-alive.',
      default: 1,
      minimum: 0,
      maximum: 128,
    }),
  },
  { title: 'Pool', description: 'Connection pool per endpoint.', default: {} },
);

/** A named set of upstream endpoints. */
export const ClusterSchema = strictObject(
  {
    name: nameDef('Cluster name, unique among clusters; backends refer to it.'),
    lb: stringEnum(loadBalancingPolicies, {
      description: 'How an endpoint is chosen for each call.',
      default: 'round-robin',
    }),
    endpoints: Type.Array(EndpointSchema, {
      description: 'Upstream endpoints. May be empty (endpoints withdrawn, or discovered later): calls to it then answer 4000 NoProxyServiceFound.',
    }),
    breaker: BreakerSchema,
    pool: PoolSchema,
  },
  { title: 'Cluster', description: 'A named set of upstream endpoints.' },
);
