/**
 * Public face of the bus: the NATS connection, the config plane (key scheme, change sets, the
 * node's config source) and the switch plane (bucket, writes, the node's switch source). See
 * bus/config/README.md and bus/switches/README.md for the design.
 */
export { connectBus, defaultBusOptions, defaultNatsServer, natsConnectionOptions, type BusOptions } from './connection.js';
export { configBucketHistory, defaultConfigBucket, ensureConfigBucket } from './config/config-bucket.js';
export { apiKey, bindingKey, clusterKey, commitKey, groupKey, parseConfigKey, settingKey, settingNames, type BindingPlacement, type ConfigKeyTarget, type SettingName } from './config/config-keys.js';
export { documentToEntries, entriesToDocument, type ConfigEntries } from './config/config-entries.js';
export { canonicalJson, diffDocuments, diffEntries, isEmptyDiff, sameContent, type ConfigDiff } from './config/config-diff.js';
export { changeSetKinds, parseCommitRecord, type ChangeSetKind, type CommitRecord, type ObjectRecord, type TombstoneRecord } from './config/change-set-records.js';
export { readCommittedState, type CommittedState } from './config/committed-state.js';
export { commitChangeSet, planChangeSet, writeChangeSet, type ChangeSetMeta, type ChangeSetPlan, type ChangeSetResult } from './config/write-change-set.js';
export { ConfigPlaneError, configPlaneErrorCodes, isCommitConflict, type ConfigPlaneErrorCode } from './config/config-plane-error.js';
export { lastGoodFileName, lastGoodPath, readLastGood, type LastGoodConfig } from './config/last-good.js';
export { NatsConfigSource } from './config/nats-config-source.js';
export { defaultNatsConfigSourceOptions, type NatsConfigSourceOptions, type NatsConfigSourceState } from './config/nats-config-source-options.js';
export * from './switches/index.js';
