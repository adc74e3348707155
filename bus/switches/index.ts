/**
 * The switch plane on the bus: the `gantry-switches` bucket and its key scheme, validated writes,
 * the node's NatsSwitchSource feeding its SwitchBoard, and the audit events. See README.md.
 */
export { defaultSwitchBucket, ensureSwitchBucket, switchBucketHistory } from './switch-bucket.js';
export { decodeKeyPart, describeSwitchKey, encodeKeyPart, parseSwitchKey, switchKey } from './switch-keys.js';
export { decodeStoredSwitch, encodeStoredSwitch, type StoredSwitch } from './stored-switch.js';
export { deleteSwitch, readSwitch, readSwitches, writeSwitch } from './write-switch.js';
export type { SwitchBucketEntry, SwitchRecord, SwitchWriteMeta, SwitchWriteResult } from './write-switch.js';
export { NatsSwitchSource } from './nats-switch-source.js';
export { defaultNatsSwitchSourceOptions } from './nats-switch-source-options.js';
export type { NatsSwitchSourceOptions, NatsSwitchSourceState, SwitchRefusal } from './nats-switch-source-options.js';
export { switchDeleteAuditEvent, switchRefusedAuditEvent, switchSetAuditEvent } from './switch-audit.js';
