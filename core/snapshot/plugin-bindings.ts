import { describeConfigPath, type ConfigIssue } from '../config/config-issue.js';
import { pluginRefName } from '../config/plugin-ref.js';
import type { ApiConfig, GantryConfig, PluginRef } from '../config/types.js';

/** One plugin attachment that applies to an API, with where it came from in the document. */
export interface ResolvedBinding {
  /** The plugin's name (without a version). */
  readonly plugin: string;
  /** The reference as written: `name`, `name@1.2.3` or `name@^1.2`. */
  readonly ref: string;
  readonly failurePolicy: PluginRef['failurePolicy'];
  /** Gray release entries, when the attachment splits calls between versions. */
  readonly versions: PluginRef['versions'];
  readonly config: unknown;
  readonly enabled: boolean;
  readonly priority: number | undefined;
  /** `api:<group>/<name>`, `group:<name>` or `global`: instances are shared within one scope. */
  readonly scopeId: string;
  /** Field path of the attachment, labelled like every config issue (`apis[0](items).plugins[1](cors)`). */
  readonly at: string;
}

const SPECIFICITY = { global: 0, group: 1, api: 2 } as const;

/**
 * The plugins that run for `api`, one per plugin name, the most specific attachment winning
 * (API over group over global). A disabled attachment at a more specific scope switches the plugin
 * off for this API. Two attachments of one plugin at the same scope are reported as a conflict.
 */
export function resolveBindings(config: GantryConfig, api: ApiConfig, apiIndex: number): { bindings: ResolvedBinding[]; conflicts: ConfigIssue[] } {
  const chosen = new Map<string, { binding: ResolvedBinding; level: number }>();
  const conflicts: ConfigIssue[] = [];
  const apiScope = `api:${api.group}/${api.name}`;
  const offer = (binding: ResolvedBinding, level: number): void => {
    const current = chosen.get(binding.plugin);
    if (current !== undefined && current.level === level) {
      conflicts.push({ path: binding.at, message: `plugin ${binding.plugin} is already attached at this scope by ${current.binding.at}` });
      return;
    }
    if (current === undefined || current.level < level) chosen.set(binding.plugin, { binding, level });
  };
  config.bindings.forEach((b, i) => {
    const applies = b.scope === 'global'
      || (b.scope === 'group' && b.group === api.group)
      || (b.scope === 'api' && b.group === api.group && b.api === api.name);
    if (!applies) return;
    const scopeId = b.scope === 'global' ? 'global' : b.scope === 'group' ? `group:${b.group ?? ''}` : apiScope;
    const at = describeConfigPath(config, ['bindings', i]);
    offer({ plugin: pluginRefName(b.plugin), ref: b.plugin, failurePolicy: b.failurePolicy, versions: b.versions, config: b.config, enabled: b.enabled, priority: b.priority, scopeId, at }, SPECIFICITY[b.scope]);
  });
  api.plugins.forEach((p, j) => {
    const at = describeConfigPath(config, ['apis', apiIndex, 'plugins', j]);
    offer({ plugin: pluginRefName(p.name), ref: p.name, failurePolicy: p.failurePolicy, versions: p.versions, config: p.config, enabled: p.enabled, priority: p.priority, scopeId: apiScope, at }, SPECIFICITY.api);
  });
  const bindings = [...chosen.values()].map((c) => c.binding).filter((b) => b.enabled);
  return { bindings, conflicts };
}
