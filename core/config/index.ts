/**
 * Public face of the config model: parse text, validate a document into a frozen `GantryConfig`,
 * format issues, and the JSON Schema itself. The snapshot compiler and the CLI import from here.
 */
export { formatIssues, type ConfigIssue } from './config-issue.js';
export { gantryConfigSchema, supportedConfigVersion } from './config-schema.js';
export { parseConfigText, type ParseResult } from './parse-config-text.js';
export { validateConfig, type ValidationResult } from './validate-config.js';
export type { DeepReadonly } from './deep-freeze.js';
export type {
  ApiConfig,
  BackendConfig,
  BindingConfig,
  BindingScope,
  BreakerConfig,
  ClusterConfig,
  EndpointConfig,
  GantryConfig,
  GroupConfig,
  HttpBackendConfig,
  HttpMethod,
  LimitsConfig,
  ListenConfig,
  LoadBalancingPolicy,
  MatchConfig,
  MatchType,
  MockBackendConfig,
  PluginRef,
  PoolConfig,
} from './types.js';
