import { describe, expect, it } from 'vitest';
import { auditEventOfDelivery } from '../../../ops/node/node-audit-events.js';

const summary = { groups: 1, apis: 2, clusters: 0, bindings: 0 };

describe('node audit events', () => {
  it('node audit events - an apply is config.applied with the commit revision, by node:<id>', () => {
    const event = auditEventOfDelivery('n1', { origin: 'nats:cfg', document: {}, revision: 12 }, {
      kind: 'applied', origin: 'nats:cfg', revision: 12, hash: 'abc', summary, durationMs: 3.4,
    });
    expect(event).toEqual({
      kind: 'config.applied', actor: 'node:n1', node: 'n1', key: 'nats:cfg', revision: 12,
      new: { origin: 'nats:cfg', hash: 'abc', summary, durationMs: 3 },
    });
  });

  it('node audit events - an unchanged delivery is config.applied at the revision delivered', () => {
    const event = auditEventOfDelivery('n1', { origin: 'nats:cfg', document: {}, revision: 14 }, { kind: 'unchanged', origin: 'nats:cfg', revision: 12, hash: 'abc' });
    expect(event).toMatchObject({ kind: 'config.applied', revision: 14, new: { unchanged: true } });
  });

  it('node audit events - a refusal is config.refused with every issue in the reason and the revision kept', () => {
    const event = auditEventOfDelivery('n2', { origin: 'nats:cfg', document: {}, revision: 15 }, {
      kind: 'refused', origin: 'nats:cfg', keptRevision: 14, durationMs: 1,
      issues: [{ path: 'apis[0].x', message: 'bad' }, { path: '', message: 'also bad' }],
    });
    expect(event).toEqual({
      kind: 'config.refused', actor: 'node:n2', node: 'n2', key: 'nats:cfg', revision: 15, reason: 'apis[0].x: bad; also bad',
      old: { revision: 14 }, new: { origin: 'nats:cfg', issues: [{ path: 'apis[0].x', message: 'bad' }, { path: '', message: 'also bad' }] },
    });
    const unreadable = auditEventOfDelivery('n2', { origin: 'nats:cfg', issues: [] }, { kind: 'refused', origin: 'nats:cfg', keptRevision: 14, durationMs: 1, issues: [] });
    expect(unreadable.revision).toBeUndefined();
    expect(unreadable.reason).toBe('refused without a reason');
  });
});
