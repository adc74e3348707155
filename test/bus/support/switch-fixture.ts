/**
 * What the switch suites share: a fresh switch bucket per test on the shared NATS, destroyed
 * afterwards, the built-in switches they write, and the bounded wait they use instead of sleeps.
 */
import { ensureSwitchBucket } from '../../../bus/switches/switch-bucket.js';
import { builtinSwitches, BuiltinSwitchNames } from '../../../core/switches/builtin-switches.js';
import type { SwitchDefinition } from '../../../core/switches/switch-definition.js';
import { openBucketOf, sharedNatsUrl, type TestBucket } from './test-bucket.js';

export { sharedNatsUrl };

/** A switch bucket of its own and the connection it was opened on. */
export type SwitchBucketFixture = TestBucket;

/** Opens a fresh switch bucket on `servers` (the shared server by default). */
export function openSwitchBucket(servers: string = sharedNatsUrl): Promise<SwitchBucketFixture> {
  return openBucketOf({ ensure: ensureSwitchBucket, prefix: 'gantry-switches', clientName: 'gantry-test-switch-writer' }, servers);
}

/** The built-in switch called `name`; throws when there is none (a typo in a test). */
export function builtinSwitch(name: string): SwitchDefinition {
  const found = builtinSwitches.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no built-in ${name}`);
  return found;
}

/** `gantry.api.offline`, the boolean switch most suites write. */
export const offlineSwitch = builtinSwitch(BuiltinSwitchNames.apiOffline);

/** The log level switch, a non-boolean one. */
export const logLevelSwitch = builtinSwitch(BuiltinSwitchNames.logLevel);

/**
 * Polls `probe` until it returns something other than undefined, at most `timeoutMs`: a bound for a
 * broken test, never a timing assertion.
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
