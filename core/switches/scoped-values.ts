import type { SwitchValue } from './switch-definition.js';
import type { SwitchScope } from './switch-scope.js';

/**
 * The values one switch (for one plugin, when it is per plugin) holds at each scope. Lookups are
 * nested maps keyed by the names as given, so resolving for a call builds no key string.
 */
export class ScopedValues {
  private global: SwitchValue | undefined = undefined;
  private readonly groups = new Map<string, SwitchValue>();
  private readonly apis = new Map<string, Map<string, SwitchValue>>();
  private readonly nodes = new Map<string, SwitchValue>();

  /** The value set exactly at `scope`. */
  get(scope: SwitchScope): SwitchValue | undefined {
    switch (scope.kind) {
      case 'global':
        return this.global;
      case 'group':
        return this.groups.get(scope.group);
      case 'api':
        return this.apis.get(scope.group)?.get(scope.api);
      case 'node':
        return this.nodes.get(scope.node);
    }
  }

  /** Sets the value at `scope`; false when it already was that value. */
  set(scope: SwitchScope, value: SwitchValue): boolean {
    if (this.get(scope) === value) return false;
    switch (scope.kind) {
      case 'global':
        this.global = value;
        break;
      case 'group':
        this.groups.set(scope.group, value);
        break;
      case 'api': {
        let apis = this.apis.get(scope.group);
        if (apis === undefined) this.apis.set(scope.group, (apis = new Map()));
        apis.set(scope.api, value);
        break;
      }
      case 'node':
        this.nodes.set(scope.node, value);
        break;
    }
    return true;
  }

  /** Removes the value at `scope`; false when none was set. */
  delete(scope: SwitchScope): boolean {
    if (this.get(scope) === undefined) return false;
    switch (scope.kind) {
      case 'global':
        this.global = undefined;
        break;
      case 'group':
        this.groups.delete(scope.group);
        break;
      case 'api': {
        const apis = this.apis.get(scope.group);
        apis?.delete(scope.api);
        if (apis?.size === 0) this.apis.delete(scope.group);
        break;
      }
      case 'node':
        this.nodes.delete(scope.node);
        break;
    }
    return true;
  }

  /** The most specific value for `node` and, when given, the API `group`/`api`: node > api > group > global. */
  resolve(node: string, group: string | undefined, api: string | undefined): SwitchValue | undefined {
    const onNode = this.nodes.get(node);
    if (onNode !== undefined) return onNode;
    if (group !== undefined) {
      if (api !== undefined) {
        const onApi = this.apis.get(group)?.get(api);
        if (onApi !== undefined) return onApi;
      }
      const onGroup = this.groups.get(group);
      if (onGroup !== undefined) return onGroup;
    }
    return this.global;
  }

  /** Every value with its scope: global, then groups, APIs and nodes. */
  *entries(): IterableIterator<[SwitchScope, SwitchValue]> {
    if (this.global !== undefined) yield [{ kind: 'global' }, this.global];
    for (const [group, value] of this.groups) yield [{ kind: 'group', group }, value];
    for (const [group, apis] of this.apis) for (const [api, value] of apis) yield [{ kind: 'api', group, api }, value];
    for (const [node, value] of this.nodes) yield [{ kind: 'node', node }, value];
  }

  get empty(): boolean {
    return this.global === undefined && this.groups.size === 0 && this.apis.size === 0 && this.nodes.size === 0;
  }
}
