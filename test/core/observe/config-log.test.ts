import { describe, expect, it } from 'vitest';
import { ConfigLog, formatConfigLogLine } from '../../../core/observe/config-log.js';
import { MemoryLogWriter } from '../../../core/observe/log-writer.js';

const NOW = new Date(2022, 8, 8, 17, 12, 7, 630).getTime();
const TIME = '2022-09-08 17:12:07,630';

describe('config log', () => {
  it('config log - applied and refused messages have the documented shape', () => {
    const writer = new MemoryLogWriter();
    const log = new ConfigLog(writer);
    log.applied(
      'file',
      { revision: 3, hash: 'ab12cd', origin: 'quickstart.yaml', counts: { groups: 2, apis: 5, clusters: 1, bindings: 2 }, durationMs: 12.2 },
      NOW,
    );
    log.refused(
      'file',
      { origin: 'quickstart.yaml', reason: 'apis[0].match.type: must be one of exact, prefix', keptRevision: 2 },
      NOW,
    );
    log.refused('nats', { origin: 'gantry-config', reason: 'groups: required', keptRevision: undefined }, NOW);
    expect(writer.lines).toEqual([
      `${TIME} - [file][snapshot] applied revision 3 hash=ab12cd from quickstart.yaml: 2 groups, 5 apis, 1 clusters, 2 bindings (12 ms)`,
      `${TIME} - [file][snapshot] refused quickstart.yaml: apis[0].match.type: must be one of exact, prefix; keeping revision 2`,
      `${TIME} - [nats][snapshot] refused gantry-config: groups: required; no revision applied yet`,
    ]);
  });

  it('config log - free-form entries keep source and kind in brackets', () => {
    expect(formatConfigLogLine('nats', 'switch', 'log.level=debug\n', NOW)).toBe(`${TIME} - [nats][switch] log.level=debug\\n`);
  });
});
