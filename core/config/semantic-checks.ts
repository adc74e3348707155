/**
 * The semantic pass: rules that span fields or items, run after the schema pass has accepted the
 * document's shape. Each rule lives with its part of the config; this file fixes their order, which
 * is the order of the sections in a config file.
 */
import type { ConfigIssue } from './config-issue.js';
import { supportedConfigVersion } from './config-schema.js';
import { checkApiPlugins, checkBindings } from './semantic-bindings.js';
import { checkClusterReferences, checkClusters } from './semantic-clusters.js';
import { createIssueCollector } from './semantic-report.js';
import { checkRpc } from './semantic-rpc.js';
import { checkApis, checkGroups, checkListen } from './semantic-routes.js';
import type { GantryConfig } from './types.js';

/**
 * Refuses a document written for another config version. Run before the schema pass: a document
 * of another version is expected to differ in shape, and a list of shape errors would bury the one
 * issue that matters.
 */
export function checkConfigVersion(document: unknown): ConfigIssue | undefined {
  if (typeof document !== 'object' || document === null || !('version' in document)) return undefined;
  const { version } = document;
  if (typeof version !== 'number' || version === supportedConfigVersion) return undefined;
  return {
    path: 'version',
    message: `unsupported config version ${version}; this gateway reads version ${supportedConfigVersion}`,
  };
}

/** Every semantic issue of a schema-valid config, in document order of the sections. */
export function checkConfigMeaning(config: GantryConfig): ConfigIssue[] {
  const collector = createIssueCollector(config);
  checkListen(config, collector);
  checkGroups(config, collector);
  checkApis(config, collector);
  checkClusterReferences(config, collector);
  checkApiPlugins(config, collector);
  checkClusters(config, collector);
  checkBindings(config, collector);
  checkRpc(config, collector);
  return collector.issues;
}
