/**
 * The switch definitions one process knows: the built-ins plus those declared by its plugins. A
 * value is only ever validated against a definition from here.
 */
import { builtinSwitches } from './builtin-switches.js';
import { switchScopeKinds, switchTypes, type SwitchDefinition } from './switch-definition.js';
import { validateSwitchValue } from './validate-switch-value.js';

const SWITCH_NAME = /^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+$/;
const MAX_NAME_LENGTH = 128;
/** Owner of the built-in definitions; the `gantry.` namespace is theirs. */
const GATEWAY_OWNER = 'gantry';

/** Anything that may declare switches; a plugin definition fits. */
export interface SwitchDeclarer {
  readonly name: string;
  readonly switches?: readonly SwitchDefinition[];
}

function numericRulesProblem(definition: SwitchDefinition): string | undefined {
  const { type, min, max } = definition;
  const bounded = type === 'int' || type === 'number' || type === 'percent' || type === 'string';
  if (!bounded && (min !== undefined || max !== undefined)) return `min/max do not apply to a ${type} switch`;
  for (const bound of [min, max]) {
    if (bound !== undefined && !Number.isFinite(bound)) return 'min/max must be finite numbers';
    if (bound !== undefined && (type === 'int' || type === 'string') && !Number.isInteger(bound)) return `min/max of a ${type} switch must be integers`;
    if (bound !== undefined && type === 'percent' && (bound < 0 || bound > 100)) return 'min/max of a percent switch must be within 0-100';
  }
  if (min !== undefined && max !== undefined && min > max) return `min (${min}) is above max (${max})`;
  return undefined;
}

function definitionProblem(definition: SwitchDefinition): string | undefined {
  if (!SWITCH_NAME.test(definition.name) || definition.name.length > MAX_NAME_LENGTH) {
    return `name must be dotted lower-case segments (a-z, 0-9, '_', '-'), at least two, at most ${MAX_NAME_LENGTH} characters`;
  }
  if (!switchTypes.includes(definition.type)) return `type must be one of ${switchTypes.join(', ')}`;
  if (definition.scopes.length === 0) return 'scopes must name at least one scope';
  if (!definition.scopes.every((scope) => switchScopeKinds.includes(scope))) return `scopes must be among ${switchScopeKinds.join(', ')}`;
  if (new Set(definition.scopes).size !== definition.scopes.length) return 'scopes must not repeat';
  if (definition.type === 'enum') {
    const values = definition.values ?? [];
    if (values.length === 0 || !values.every((v) => typeof v === 'string') || new Set(values).size !== values.length) return 'an enum needs distinct string values';
  } else if (definition.values !== undefined) {
    return `values only apply to an enum switch`;
  }
  const numeric = numericRulesProblem(definition);
  if (numeric !== undefined) return numeric;
  if (typeof definition.description !== 'string' || definition.description.trim() === '') return 'description must not be empty';
  const fallback = validateSwitchValue(definition, definition.default);
  return fallback.ok ? undefined : `default ${fallback.message}`;
}

/** Throws a TypeError naming the switch and the rule when a definition is malformed. */
export function checkSwitchDefinition(definition: SwitchDefinition): void {
  const problem = definitionProblem(definition);
  if (problem !== undefined) throw new TypeError(`switch ${String(definition.name)}: ${problem}`);
}

function frozenDefinition(definition: SwitchDefinition): SwitchDefinition {
  return Object.freeze({
    ...definition,
    scopes: Object.freeze([...definition.scopes]),
    ...(definition.values === undefined ? {} : { values: Object.freeze([...definition.values]) }),
  });
}

/** Known definitions by name; built-ins are always there. */
export class SwitchCatalog {
  private readonly byName = new Map<string, { definition: SwitchDefinition; owner: string }>();

  constructor(plugins: readonly SwitchDeclarer[] = []) {
    for (const definition of builtinSwitches) this.add(definition, GATEWAY_OWNER);
    for (const plugin of plugins) this.addPluginSwitches(plugin);
  }

  /**
   * Adds the switches a plugin declares. Each name must start with the plugin's name and a dot, so
   * plugins cannot shadow each other or the gateway; a plugin registered again (a new version) may
   * redefine its own switches. Throws a TypeError naming the plugin and the rule broken.
   */
  addPluginSwitches(plugin: SwitchDeclarer): readonly SwitchDefinition[] {
    const declared = plugin.switches ?? [];
    // Check them all before adding any: a plugin is taken with all its switches or not at all.
    for (const definition of declared) {
      if (!definition.name.startsWith(`${plugin.name}.`) || definition.name.startsWith(`${GATEWAY_OWNER}.`)) {
        throw new TypeError(`plugin ${plugin.name}: switch ${definition.name} must be named "${plugin.name}.<something>" (and not under "gantry.")`);
      }
      this.check(definition, plugin.name);
    }
    return declared.map((definition) => this.add(definition, plugin.name));
  }

  private check(definition: SwitchDefinition, owner: string): void {
    checkSwitchDefinition(definition);
    const known = this.byName.get(definition.name);
    if (known !== undefined && known.owner !== owner) {
      throw new TypeError(`switch ${definition.name}: already declared by ${known.owner}, cannot be declared by ${owner}`);
    }
  }

  private add(definition: SwitchDefinition, owner: string): SwitchDefinition {
    this.check(definition, owner);
    const frozen = frozenDefinition(definition);
    this.byName.set(definition.name, { definition: frozen, owner });
    return frozen;
  }

  get(name: string): SwitchDefinition | undefined {
    return this.byName.get(name)?.definition;
  }

  /** Every definition, built-ins first, then by name. */
  list(): SwitchDefinition[] {
    const all = [...this.byName.values()];
    const rank = (entry: { owner: string }): number => (entry.owner === GATEWAY_OWNER ? 0 : 1);
    return all.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? 0 : a.definition.name.localeCompare(b.definition.name))).map((e) => e.definition);
  }
}
