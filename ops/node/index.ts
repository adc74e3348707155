/**
 * A gateway node on the NATS control plane (`gantry serve --nats`): the wiring of the bus config
 * source, audit publisher, heartbeats and command responder around a `Gateway`.
 */
export { startNatsNode, NodeStartAbortedError, type NatsNode, type NatsNodeStopped } from './start-nats-node.js';
export { defaultNatsNodeOptions, type NatsNodeOptions } from './nats-node-options.js';
export { NodeStatusTracker, pluginsOfSnapshot, refusalReason, type NodeView } from './node-status-tracker.js';
export { auditEventOfDelivery } from './node-audit-events.js';
export { nodeCommandHandlers, type NodeCommandTarget } from './node-command-handlers.js';
export { ObservedConfigSource, type DeliveryListener } from './observed-config-source.js';
export { gantryVersion } from './package-version.js';
export { NatsAdminWriteBackend, selfAuditedAdminKinds, type NatsAdminWriteBackendOptions } from './admin-write-backend.js';
export { adminAuditEventInput } from './admin-audit-events.js';
export { PluginRegistryLoader, type PluginRegistryLoaderOptions } from './plugin-registry-loader.js';
export { PluginReleaseCache } from './plugin-release-cache.js';
export { loadTsPlugin, TsPluginLoadError } from './load-ts-plugin.js';
