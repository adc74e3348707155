/**
 * Test helper: turns a RouteMatch into one comparable string, so a table of expectations reads as
 * `['GET', '/items', 'found shop:list-items']` instead of three asserts per row.
 */
import type { RouteMatch } from '../../../core/router/index.js';

/** `found <group>:<payload>`, `route-not-found <group>` or `group-not-found`. */
export function summarizeMatch(match: RouteMatch<unknown>): string {
  switch (match.kind) {
    case 'found':
      return `found ${match.groupName}:${String(match.payload)}`;
    case 'route-not-found':
      return `route-not-found ${match.groupName}`;
    case 'group-not-found':
      return 'group-not-found';
  }
}
