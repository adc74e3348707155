/**
 * Test harness for plugin authors: run a plugin's hooks without a gateway, with its config checked
 * exactly as the gateway checks it. See README.md in this folder.
 */
export {
  createTestHost, PluginConfigError,
  type TestHost, type TestHostOptions, type RequestOutcome, type ResponseOutcome,
} from './test-host.js';
export { createTestExchange, type ExchangeInput } from './test-exchange.js';
export type { ConfigIssue } from '../../core/config/config-issue.js';
