import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../../ops/docs/config-reference.js';

describe('docs - config reference', () => {
  it('docs/config.md is the reference rendered from the current schema', () => {
    const committed = readFileSync(new URL('../../../docs/config.md', import.meta.url), 'utf8');
    // Regenerate with: npm run build && node dist/ops/docs/config-reference.js > docs/config.md
    expect(committed).toBe(renderConfigReference());
  });
});
