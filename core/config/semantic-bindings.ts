/**
 * Semantic rules for plugin attachments. Whether the plugin exists and whether its config fits its
 * schema are the snapshot compiler's checks (it has the plugin registry); here only the config's
 * own references and uniqueness are checked.
 */
import { pluginRefName } from './plugin-ref.js';
import { checkPluginVersions } from './semantic-plugin-versions.js';
import { forEachDuplicate, listNames, type IssueCollector } from './semantic-report.js';
import type { BindingConfig, GantryConfig } from './types.js';

/** An API lists a plugin once: with no id to tell two entries apart, a second one is ambiguous. */
export function checkApiPlugins(config: GantryConfig, { report, where }: IssueCollector): void {
  config.apis.forEach((api, apiIndex) => {
    forEachDuplicate(
      api.plugins,
      (plugin) => pluginRefName(plugin.name),
      (index, first, name) =>
        report(
          ['apis', apiIndex, 'plugins', index, 'name'],
          `plugin "${name}" is listed twice for this api (also at ${where(['apis', apiIndex, 'plugins', first])})`,
        ),
    );
    api.plugins.forEach((plugin, index) => checkPluginVersions(plugin.name, plugin, ['apis', apiIndex, 'plugins', index], 'name', report));
  });
}

/**
 * Bindings name only the fields their scope uses, refer to an existing group and API, and have
 * unique ids where ids are given.
 */
export function checkBindings(config: GantryConfig, { report, where }: IssueCollector): void {
  const groupNames = config.groups.map((group) => group.name);
  const knownGroups = new Set(groupNames);
  const apiNamesByGroup = new Map<string, string[]>();
  for (const api of config.apis) {
    const names = apiNamesByGroup.get(api.group);
    if (names === undefined) apiNamesByGroup.set(api.group, [api.name]);
    else names.push(api.name);
  }

  config.bindings.forEach((binding, index) => {
    for (const [field, message] of unusedFields(binding)) report(['bindings', index, field], message);
    checkPluginVersions(binding.plugin, binding, ['bindings', index], 'plugin', report);
    if (binding.scope === 'global' || binding.group === undefined) return;
    if (!knownGroups.has(binding.group)) {
      report(['bindings', index, 'group'], `no group named "${binding.group}" (groups: ${listNames(groupNames)})`);
      return;
    }
    const apiNames = apiNamesByGroup.get(binding.group) ?? [];
    if (binding.scope === 'api' && binding.api !== undefined && !apiNames.includes(binding.api)) {
      report(
        ['bindings', index, 'api'],
        `no api named "${binding.api}" in group "${binding.group}" (apis: ${listNames(apiNames)})`,
      );
    }
  });

  forEachDuplicate(
    config.bindings,
    (binding) => binding.id,
    (index, first, id) => report(['bindings', index, 'id'], `duplicate binding id "${id}" (also at ${where(['bindings', first])})`),
  );
}

// A field the scope ignores is most likely a mistake in `scope`, so it is refused, not ignored.
function unusedFields(binding: BindingConfig): [field: 'group' | 'api', message: string][] {
  const unused: [field: 'group' | 'api', message: string][] = [];
  if (binding.scope === 'global' && binding.group !== undefined) {
    unused.push(['group', 'only allowed when scope is "group" or "api" (scope is "global")']);
  }
  if (binding.scope !== 'api' && binding.api !== undefined) {
    unused.push(['api', `only allowed when scope is "api" (scope is "${binding.scope}")`]);
  }
  return unused;
}
