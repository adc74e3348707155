/**
 * Micro-benchmark of the compiled route table: ns per `router.match` for 100 APIs and for 10,000
 * APIs (100 groups of 100, and one group of 10,000), with the same query mix for every size, so the
 * ratio column shows whether lookup cost grows with the number of APIs.
 *
 * Two effects are measured apart. The "100 hot" rows query a 10,000-API table but only 100 of its
 * APIs: their ratio stays near 1, showing the lookup does no work per API. The rows whose queries
 * spread over all 10,000 APIs cost somewhat more because each probe then misses the CPU caches
 * (bigger Maps, more nodes touched); that grows with memory footprint, not with a scan over APIs.
 *
 * Rounds are interleaved across scenarios (A, B, C, A, B, C...) and the median round is reported, so
 * background load on a shared machine lands on every scenario alike. Group and service numbers are
 * zero-padded so that every scenario hashes strings of the same length.
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/ops/bench/router-bench.js`
 * Optional: `--rounds=N` (default 31) and `--batch=N` matches per round (default 300,000).
 */
import { compileRouter, type GroupInput, type RouteInput, type Router } from '../../core/router/index.js';

interface Query {
  readonly host: string | undefined;
  readonly header: string | undefined;
  readonly method: string;
  readonly path: string;
}

interface Scenario {
  readonly label: string;
  readonly groups: number;
  readonly routesPerGroup: number;
  /** Queries address only the first `hotRoutes` routes of each group (default: all of them). */
  readonly hotRoutes?: number;
  /** Queries address only the first `hotGroups` groups (default: all of them). */
  readonly hotGroups?: number;
}

const scenarios: readonly Scenario[] = [
  { label: '100 APIs, 1 group', groups: 1, routesPerGroup: 100 },
  { label: '10,000 APIs, 100 groups', groups: 100, routesPerGroup: 100 },
  { label: '10,000 APIs, 1 group', groups: 1, routesPerGroup: 10_000 },
  // Same table as above, but queries touch only 100 APIs: separates table size from working set.
  { label: '10,000 APIs, 1 group, 100 hot', groups: 1, routesPerGroup: 10_000, hotRoutes: 100 },
  { label: '10,000 APIs, 100 groups, 100 hot', groups: 100, routesPerGroup: 100, hotGroups: 1 },
];

const queryCount = 4096; // power of two: the loop indexes with a mask

const groupName = (g: number): string => `g${String(g).padStart(3, '0')}`;
const servicePath = (r: number): string => `/api/v1/svc${String(r).padStart(5, '0')}`;

/** Four route shapes that repeat: exact GET, exact any, prefix POST/PUT, nested any-method prefix. */
function buildConfig(scenario: Scenario): { groups: GroupInput[]; routes: RouteInput<number>[] } {
  const groups: GroupInput[] = [];
  const routes: RouteInput<number>[] = [];
  for (let g = 0; g < scenario.groups; g++) {
    const group = groupName(g);
    groups.push({ name: group, hosts: [`${group}.shop.test`, `*.${group}.wild.test`], default: g === 0 });
    for (let r = 0; r < scenario.routesPerGroup; r++) {
      const payload = g * scenario.routesPerGroup + r;
      const base = servicePath(r - (r % 4));
      switch (r % 4) {
        case 0:
          routes.push({ group, path: `${base}/list`, type: 'exact', methods: ['GET'], payload });
          break;
        case 1:
          routes.push({ group, path: `${base}/info`, type: 'exact', payload });
          break;
        case 2:
          routes.push({ group, path: base, type: 'prefix', methods: ['POST', 'PUT'], payload });
          break;
        default:
          routes.push({ group, path: `${base}/files/`, type: 'prefix', payload });
      }
    }
  }
  return { groups, routes };
}

/** A deterministic mix of hits (exact, prefix, method fallback) and misses over the whole table. */
function buildQueries(scenario: Scenario): Query[] {
  let seed = 0x9e3779b9;
  const next = (bound: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed % bound;
  };
  const queries: Query[] = [];
  for (let i = 0; i < queryCount; i++) {
    const group = groupName(next(scenario.hotGroups ?? scenario.groups));
    const base = servicePath(next(scenario.hotRoutes ?? scenario.routesPerGroup) & ~3);
    const address = next(4);
    const host = address === 0 ? `${group}.shop.test:8080` : address === 1 ? `a.${group}.wild.test` : 'ignored.test';
    const header = address >= 2 ? group : undefined;
    const shape = next(6);
    const [method, path] =
      shape === 0 ? ['GET', `${base}/list`]
      : shape === 1 ? ['DELETE', `${base}/info?verbose=1`]
      : shape === 2 ? ['POST', `${base}/list`] // exact refuses POST → prefix
      : shape === 3 ? ['GET', `${base}/files/2024/report.pdf`]
      : shape === 4 ? ['PUT', `${base}/orders/42`]
      : ['GET', `${base}/missing/1`]; // route-not-found after walking the trie
    queries.push({ host, header, method, path });
  }
  return queries;
}

/** Runs `count` matches; returns a value derived from the results so the loop cannot be dropped. */
function runMatches(router: Router<number>, queries: readonly Query[], count: number): number {
  let sink = 0;
  for (let i = 0; i < count; i++) {
    const q = queries[i & (queryCount - 1)] as Query;
    const result = router.match(q.host, q.header, q.method, q.path);
    sink += result.kind === 'found' ? result.payload & 1 : 2;
  }
  return sink;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function numericArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? Number.NaN : Number(arg.slice(name.length + 3));
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

interface Row {
  readonly label: string;
  readonly compileMs: number;
  readonly nsPerMatch: number;
}

interface Prepared {
  readonly scenario: Scenario;
  readonly router: Router<number>;
  readonly queries: readonly Query[];
  readonly compileMs: number;
  readonly samples: number[];
}

function prepareScenario(scenario: Scenario, batch: number): Prepared {
  const { groups, routes } = buildConfig(scenario);
  const compileStart = process.hrtime.bigint();
  const router = compileRouter(groups, routes);
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
  const queries = buildQueries(scenario);
  runMatches(router, queries, batch); // warm-up: let the JIT settle before timing
  return { scenario, router, queries, compileMs, samples: [] };
}

function benchScenarios(rounds: number, batch: number): Row[] {
  const prepared = scenarios.map((scenario) => prepareScenario(scenario, batch));
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    for (const p of prepared) {
      const start = process.hrtime.bigint();
      sink += runMatches(p.router, p.queries, batch);
      p.samples.push(Number(process.hrtime.bigint() - start) / batch);
    }
  }
  if (sink === -1) console.log('unreachable', sink);
  return prepared.map((p) => ({ label: p.scenario.label, compileMs: p.compileMs, nsPerMatch: median(p.samples) }));
}

function printTable(rows: readonly Row[]): void {
  const baseline = rows[0]?.nsPerMatch ?? Number.NaN;
  const header = ['scenario', 'compile ms', 'ns/match (median)', 'ratio vs 100'];
  const lines = rows.map((row) => [
    row.label,
    row.compileMs.toFixed(1),
    row.nsPerMatch.toFixed(1),
    (row.nsPerMatch / baseline).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

const rounds = numericArg('rounds', 31);
const batch = numericArg('batch', 300_000);
console.log(`router-bench: node ${process.version}, ${rounds} rounds x ${batch} matches, ${queryCount} distinct queries\n`);
printTable(benchScenarios(rounds, batch));
