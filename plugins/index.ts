/** The plugins built into Gantry, registered by the process that starts the gateway. */
import type { PluginDefinition } from '../sdk/index.js';
import { headerRewrite } from './header-rewrite/plugin.js';
import { requestId } from './request-id/plugin.js';

export { headerRewrite } from './header-rewrite/plugin.js';
export { requestId } from './request-id/plugin.js';

/** Every built-in plugin, in no particular order (priorities decide the run order). */
export const builtinPlugins: readonly PluginDefinition[] = Object.freeze([requestId, headerRewrite]);
