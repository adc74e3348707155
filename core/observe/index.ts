/**
 * Observability of the data plane: the digest, error and config logs and the Prometheus metrics.
 * Everything here is safe on the hot path: nothing blocks the event loop, nothing throws per call.
 */
export { LOG_LEVELS, isLevelEnabled, isLogLevel } from './log-level.js';
export type { LogLevel } from './log-level.js';
export { formatLogTime } from './log-time.js';
export { escapeLogField, escapeLogMessage } from './log-escape.js';
export { DiscardLogWriter, MemoryLogWriter, defaultLogWriterOptions, resolveLogWriterOptions } from './log-writer.js';
export type { LogWriter, LogWriterOptions } from './log-writer.js';
export { SonicLogWriter, openLogWriter } from './log-file.js';
export type { LogDestination } from './log-file.js';
export {
  DIGEST_BACK_PROTOCOLS,
  DIGEST_FRONT_PROTOCOLS,
  DigestLog,
  defaultDigestLogOptions,
  formatDigestLine,
  isDigestSuccess,
} from './digest-log.js';
export type { DigestLogOptions, DigestRecord } from './digest-log.js';
export { ErrorLog, formatErrorLogLine } from './error-log.js';
export {
  ConfigLog,
  formatConfigAppliedMessage,
  formatConfigLogLine,
  formatConfigRefusedMessage,
} from './config-log.js';
export type { ConfigAppliedDetails, ConfigRefusedDetails } from './config-log.js';
export { GatewayLogs, LOG_FILE_NAMES, createGatewayLogs } from './gateway-logs.js';
export type { GatewayLogsOptions } from './gateway-logs.js';
export { HistogramAccumulator } from './histogram-accumulator.js';
export { BODY_SIZE_BUCKETS_BYTES, CALL_DURATION_BUCKETS_SECONDS } from './call-metrics.js';
export { PLUGIN_DURATION_BUCKETS_SECONDS, PluginMeter } from './plugin-metrics.js';
export type { PluginHookPhase } from './plugin-metrics.js';
export { BusConnectionStates } from './bus-connection-states.js';
export type { BusConnectionSample } from './bus-connection-states.js';
export {
  BREAKER_STATE_VALUE,
  GatewayMetrics,
  METRIC_PREFIX,
  defaultGatewayMetricsOptions,
} from './gateway-metrics.js';
export type {
  BreakerState,
  BreakerStateSample,
  ConfigApplyOutcome,
  GatewayMetricsOptions,
  GatewayMetricsSources,
  PoolStatsSample,
  UpstreamPoolSample,
} from './gateway-metrics.js';
