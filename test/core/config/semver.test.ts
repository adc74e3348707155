import { describe, expect, it } from 'vitest';
import { compareSemVer, maxSatisfying, parseSemVer, parseSemVerRange, satisfies, type SemVer } from '../../../core/config/semver.js';
import { parsePluginRef } from '../../../core/config/plugin-ref.js';

function v(text: string): SemVer {
  const parsed = parseSemVer(text);
  if (parsed === undefined) throw new Error(`bad version ${text}`);
  return parsed;
}

function matches(range: string, version: string): boolean {
  const parsed = parseSemVerRange(range);
  if (parsed === undefined) throw new Error(`bad range ${range}`);
  return satisfies(v(version), parsed);
}

describe('semver', () => {
  it('semver - parses versions and refuses what is not one', () => {
    expect(v('1.2.3')).toMatchObject({ major: 1, minor: 2, patch: 3, prerelease: [] });
    expect(v('1.2.3-rc.1+build.5').prerelease).toEqual(['rc', '1']);
    for (const bad of ['1.2', '01.2.3', '1.2.3.4', 'a.b.c', '']) expect(parseSemVer(bad)).toBeUndefined();
  });

  it('semver - orders releases after their pre-releases, numerically', () => {
    const sorted = ['1.10.0', '1.2.0', '1.2.0-rc.2', '1.2.0-rc.10', '1.2.0-alpha', '0.9.9'].map(v).sort(compareSemVer).map((x) => x.text);
    expect(sorted).toEqual(['0.9.9', '1.2.0-alpha', '1.2.0-rc.2', '1.2.0-rc.10', '1.2.0', '1.10.0']);
  });

  it.each([
    ['^1.2', '1.2.0', true], ['^1.2', '1.9.9', true], ['^1.2', '2.0.0', false], ['^1.2', '1.1.9', false],
    ['^1.2.3', '1.2.2', false], ['^0.2.3', '0.2.9', true], ['^0.2.3', '0.3.0', false], ['^0.0.3', '0.0.4', false],
    ['~1.2.3', '1.2.9', true], ['~1.2.3', '1.3.0', false], ['~1', '1.9.0', true], ['~1', '2.0.0', false],
    ['1.2', '1.2.7', true], ['1.2.x', '1.3.0', false], ['1', '1.5.0', true], ['1.x', '2.0.0', false],
    ['*', '7.0.0', true], ['>=1.2 <1.4', '1.3.5', true], ['>=1.2 <1.4', '1.4.0', false], ['>= 1.2', '1.2.0', true],
    ['>1.2', '1.2.9', false], ['>1.2', '1.3.0', true], ['<=1.2', '1.2.9', true], ['<=1.2', '1.3.0', false],
    ['^1.0 || ^3.0', '3.1.0', true], ['^1.0 || ^3.0', '2.1.0', false], ['1.2.3', '1.2.3', true], ['=1.2.3', '1.2.4', false],
  ])('semver - %s matches %s: %s', (range, version, expected) => {
    expect(matches(range, version)).toBe(expected);
  });

  it('semver - a range reaches a pre-release only when it names it exactly', () => {
    expect(matches('^1.2', '1.3.0-rc.1')).toBe(false);
    expect(matches('*', '2.0.0-beta')).toBe(false);
    expect(matches('1.3.0-rc.1', '1.3.0-rc.1')).toBe(true);
  });

  it('semver - maxSatisfying picks the newest match', () => {
    const versions = ['1.2.0', '1.4.1', '1.10.0', '2.0.0'].map(v);
    expect(maxSatisfying(versions, parseSemVerRange('^1.2') as never)?.text).toBe('1.10.0');
    expect(maxSatisfying(versions, parseSemVerRange('~1.4') as never)?.text).toBe('1.4.1');
    expect(maxSatisfying(versions, parseSemVerRange('^3') as never)).toBeUndefined();
  });

  it('semver - refuses ranges it does not understand', () => {
    for (const bad of ['^^1', '1.2.3.4', 'latest', '>=', '<*']) expect(parseSemVerRange(bad)).toBeUndefined();
  });

  it('plugin ref - name, exact version, range', () => {
    expect(parsePluginRef('authz')).toEqual({ name: 'authz', range: '*', exact: false });
    expect(parsePluginRef('authz@1.2.3')).toEqual({ name: 'authz', range: '1.2.3', exact: true });
    expect(parsePluginRef('authz@^1.2')).toEqual({ name: 'authz', range: '^1.2', exact: false });
    expect(parsePluginRef('authz@latest')).toHaveProperty('error');
  });
});
