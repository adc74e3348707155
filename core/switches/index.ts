/**
 * Dynamic switches in the core: definitions and the one validator, the built-in switches, the
 * in-memory SwitchBoard (resolution node > api > group > global > default), and the effects that
 * push values into the API cells and log settings. See README.md.
 */
export { switchScopeKinds, switchTypes } from './switch-definition.js';
export type { SwitchDefinition, SwitchScopeKind, SwitchType, SwitchValue } from './switch-definition.js';
export { SwitchError, isSwitchError, switchErrorCodes, type SwitchErrorCode } from './switch-error.js';
export { GLOBAL_SCOPE, checkPluginName, formatSwitchAddress, formatSwitchPlacement, formatSwitchScope, parseSwitchScope } from './switch-scope.js';
export type { SwitchAddress, SwitchPlacement, SwitchScope, SwitchTarget } from './switch-scope.js';
export { defaultSwitchStringMax, parseSwitchValue, validateSwitchSetting, validateSwitchValue } from './validate-switch-value.js';
export type { SwitchSettingCheck, SwitchValueCheck } from './validate-switch-value.js';
export { BuiltinSwitchNames, builtinSwitches } from './builtin-switches.js';
export { SwitchCatalog, checkSwitchDefinition, type SwitchDeclarer } from './switch-catalog.js';
export { SwitchBoard, defaultSwitchBoardOptions } from './switch-board.js';
export type { RevalidatedSwitch, SwitchBoardOptions, SwitchEntry, SwitchUpdate } from './switch-board.js';
export { SWITCHES_AT_REST, apiSwitchState, refreshApiSwitches, sameSwitchState } from './api-switch-state.js';
export type { ApiSwitchState, SwitchResolver, SwitchedApi } from './api-switch-state.js';
export { OfflineInvoker } from './offline-invoker.js';
export { bindSwitchEffects } from './switch-effects.js';
export type { SwitchEffectTargets, SwitchEffects, SwitchedLogs, SwitchedSnapshots } from './switch-effects.js';
