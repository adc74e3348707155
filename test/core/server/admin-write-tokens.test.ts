import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AdminTokensError, adminTokensFromEnv, compileAdminTokens, hashAdminToken, identifyAdminCaller, loadAdminTokens, parseAdminTokens,
} from '../../../core/server/admin-auth.js';

const dir = mkdtempSync(join(tmpdir(), 'gantry-admin-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AdminTokensError);
    expect((error as AdminTokensError).code).toBe('GANTRY_ADMIN_TOKENS');
    return (error as Error).message;
  }
  throw new Error('expected an AdminTokensError');
}

describe('admin tokens', () => {
  it('admin tokens - a YAML list and a JSON list read the same', () => {
    const yaml = '- name: alice\n  token: alice-write-token-0001\n  role: write\n- { name: bob, token: bob-read-token-000001, role: read }\n';
    const json = JSON.stringify([{ name: 'alice', token: 'alice-write-token-0001', role: 'write' }, { name: 'bob', token: 'bob-read-token-000001', role: 'read' }]);
    expect(parseAdminTokens(yaml, 'tokens.yaml')).toEqual(parseAdminTokens(json, 'tokens.json'));
  });

  it('admin tokens - a bad entry is refused naming its index, holder and field', () => {
    expect(refusal(() => parseAdminTokens('- { name: bob, token: bob-read-token-000001, role: admin }', 't.yaml'))).toBe('t.yaml: [0](bob).role: must be "read" or "write"');
    expect(refusal(() => parseAdminTokens('- { name: bob, token: short, role: read }', 't.yaml'))).toContain('[0](bob).token: must be at least 16 characters');
    expect(refusal(() => parseAdminTokens('- { name: bob, token: "sha256:abc", role: read }', 't.yaml'))).toContain('64 hex digits');
    expect(refusal(() => parseAdminTokens('- { name: "b b", token: bob-read-token-000001, role: read }', 't.yaml'))).toContain('[0].name:');
    expect(refusal(() => parseAdminTokens('- { name: bob, token: bob-read-token-000001, role: read, expires: 1 }', 't.yaml'))).toContain('expires: unknown field');
    expect(refusal(() => parseAdminTokens('name: bob', 't.yaml'))).toContain('must be a list');
    expect(refusal(() => parseAdminTokens('- a\n- a: [', 't.yaml'))).toContain('YAML syntax error');
  });

  it('admin tokens - names and tokens must be unique, the hash form included', () => {
    const sameName = [{ name: 'a', token: 'first-token-0000001', role: 'read' }, { name: 'a', token: 'second-token-000001', role: 'read' }];
    expect(refusal(() => compileAdminTokens(sameName))).toContain('repeats the name "a"');
    const sameToken = [{ name: 'a', token: 'shared-token-000001', role: 'read' }, { name: 'b', token: hashAdminToken('shared-token-000001'), role: 'write' }];
    expect(refusal(() => compileAdminTokens(sameToken))).toContain('[1](b): repeats the token of "a"');
  });

  it('admin tokens - a caller is identified by a plain or hashed token, never by a near miss', () => {
    const table = compileAdminTokens([
      { name: 'alice', token: 'alice-write-token-0001', role: 'write' },
      { name: 'bob', token: hashAdminToken('bob-read-token-000001'), role: 'read' },
    ]);
    expect(identifyAdminCaller(table, 'Bearer alice-write-token-0001')).toEqual({ kind: 'token', name: 'alice', role: 'write' });
    expect(identifyAdminCaller(table, 'bearer  bob-read-token-000001')).toEqual({ kind: 'token', name: 'bob', role: 'read' });
    // The hash itself is not a password: presenting it is presenting an unknown token.
    expect(identifyAdminCaller(table, `Bearer ${hashAdminToken('bob-read-token-000001')}`)).toEqual({ kind: 'unknown' });
    expect(identifyAdminCaller(table, 'Bearer alice-write-token-000')).toEqual({ kind: 'unknown' });
    expect(identifyAdminCaller(table, undefined)).toEqual({ kind: 'missing' });
    expect(identifyAdminCaller(table, 'Basic YWxpY2U6eA==')).toEqual({ kind: 'missing' });
    expect(identifyAdminCaller(table, 'Bearer')).toEqual({ kind: 'missing' });
  });

  it('admin tokens - loadAdminTokens reads the --admin-tokens file and says which file failed', async () => {
    const path = join(dir, 'admin-tokens.yaml');
    writeFileSync(path, `- name: ops\n  token: ${hashAdminToken('ops-token-0000000001')}\n  role: write\n`);
    expect(await loadAdminTokens(path)).toEqual([{ name: 'ops', token: hashAdminToken('ops-token-0000000001'), role: 'write' }]);
    await expect(loadAdminTokens(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read admin tokens file .*missing\.yaml/);
    writeFileSync(path, '- { name: ops, token: x, role: write }\n');
    await expect(loadAdminTokens(path)).rejects.toThrow(/^admin-tokens\.yaml: \[0\]\(ops\)\.token/);
  });

  it('admin tokens - GANTRY_ADMIN_TOKENS holds the same list; unset or blank means none', () => {
    expect(adminTokensFromEnv({})).toBeUndefined();
    expect(adminTokensFromEnv({ GANTRY_ADMIN_TOKENS: '  ' })).toBeUndefined();
    expect(adminTokensFromEnv({ GANTRY_ADMIN_TOKENS: '[{"name":"ci","token":"ci-token-00000000001","role":"read"}]' }))
      .toEqual([{ name: 'ci', token: 'ci-token-00000000001', role: 'read' }]);
  });
});
