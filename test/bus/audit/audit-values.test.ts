import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  auditKindList, auditSubject, decodeAuditEvent, newEventId, parseDurationMs, resolveSince,
} from '../../../bus/audit/index.js';
import { subjectMatches } from '../../../bus/audit/subject-match.js';

describe('audit values', () => {
  it('audit kinds - the README table lists exactly the kinds of the code table', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../bus/audit/README.md', import.meta.url)), 'utf8');
    const documented = [...readme.matchAll(/^\| `([a-z]+\.[a-z-]+)` \|/gm)].map((match) => match[1]);
    expect(documented).toEqual([...auditKindList]);
  });

  it('audit subject - dots in a kind become subject tokens; wildcards are refused', () => {
    expect(auditSubject('gantry.audit', 'config.apply')).toBe('gantry.audit.config.apply');
    expect(() => auditSubject('gantry.audit', 'config.>')).toThrow(TypeError);
    expect(() => auditSubject('gantry.audit', 'config..apply')).toThrow(TypeError);
    expect(() => auditSubject('gantry.audit', 'a b')).toThrow(TypeError);
  });

  it('event id - 26 characters, sorted by time, strictly increasing within a millisecond', () => {
    const ids = [newEventId(1000), newEventId(1000), newEventId(1000), newEventId(2000), newEventId(1_700_000_000_000)];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('decode - accepts events, refuses other JSON', () => {
    const event = { id: 'x', time: '2024-01-01T00:00:00Z', actor: 'a', sourceHost: 'h', kind: 'future.kind', key: 'k' };
    expect(decodeAuditEvent(JSON.stringify(event))).toEqual(event);
    expect(decodeAuditEvent('[1]')).toBeNull();
    expect(decodeAuditEvent('{"id":1}')).toBeNull();
    expect(decodeAuditEvent(JSON.stringify({ ...event, revision: 'seven' }))).toBeNull();
    expect(decodeAuditEvent('{')).toBeNull();
  });

  it('duration - units and combinations; garbage is refused with the text', () => {
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('7d')).toBe(7 * 86_400_000);
    expect(() => parseDurationMs('1 hour')).toThrow(/"1 hour"/);
    const now = new Date('2024-05-01T12:00:00Z');
    expect(resolveSince('1h', now).toISOString()).toBe('2024-05-01T11:00:00.000Z');
    expect(resolveSince(60_000, now).toISOString()).toBe('2024-05-01T11:59:00.000Z');
    expect(resolveSince('2024-04-30T00:00:00Z', now).toISOString()).toBe('2024-04-30T00:00:00.000Z');
    expect(() => resolveSince('yesterday', now)).toThrow(/yesterday/);
  });

  it('subject match - * is one token, a final > one or more', () => {
    expect(subjectMatches('a.*', 'a.b')).toBe(true);
    expect(subjectMatches('a.*', 'a.b.c')).toBe(false);
    expect(subjectMatches('a.>', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.>', 'a')).toBe(false);
    expect(subjectMatches('a.b', 'a.b')).toBe(true);
    expect(subjectMatches('a.b', 'a.c')).toBe(false);
  });
});
