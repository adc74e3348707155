/**
 * The plugin registry on NATS: signed releases in a JetStream Object Store bucket. See README.md.
 */
export { defaultPluginBucket, ensurePluginBucket, findPluginBucket } from './plugin-bucket.js';
export { parseReleaseObjectName, releaseMetadataKeys, releaseObjectName, releaseOfInfo, type PluginRelease } from './plugin-release.js';
export { fetchRelease, listReleases, publishPlugin, readRelease, yankRelease, type PublishInput } from './plugin-registry.js';
export { isPluginRegistryError, PluginRegistryError, type PluginRegistryErrorCode } from './plugin-registry-error.js';
export { canonicalManifest, createSigningKey, isSigningPublicKey, sha256Hex, signingKeyFromSeed, signRelease, verifyRelease, type PluginSigningKey } from './plugin-signature.js';
export { verifyPluginRelease, type ReleaseVerdict } from './verify-plugin-release.js';
export { pluginAuditEvent } from './plugin-audit.js';
