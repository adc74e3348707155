/**
 * One filter call, end to end, per kind of plugin: the same small filter (refuse /admin and
 * x-debug, else set one request header) as a TypeScript plugin, as a WASM plugin through the
 * gateway's hook (encode view, call the guest, decode and apply the decision) with and without the
 * meter, and as raw Extism calls over the binary view and over a JSON view — the measurement behind
 * the ABI's binary encoding (sdk/ABI.md §7). Also the real example plugin wasm-allow-deny.
 *
 * Rounds are interleaved across rows and every call is timed alone; the table shows the median and
 * p99 over all calls. Target: the WASM hook ≤ 50 µs median.
 *
 * Run: `npm run bench:wasm` (builds, then this and wasm-sandbox-bench). Flags: `--calls=N` per
 * round (default 2,000), `--rounds=N` (default 7).
 */
import createPlugin, { type ExtismPluginOptions, type Plugin } from '@extism/extism';
import { join } from 'node:path';
import { MemoryKeyValueStore, loadWasmPlugin, type WasmPluginDefinition } from '../../core/wasm/index.js';
import type { GuestMemory } from '../../core/wasm/guest-pool.js';
import { CallScope, hostFunctions } from '../../core/wasm/host-functions.js';
import { decodeDecision } from '../../core/wasm/decision-codec.js';
import { encodeRequestView } from '../../core/wasm/exchange-codec.js';
import { applyRequestDecision } from '../../core/wasm/apply-decision.js';
import { buildAssemblyScriptPlugin } from '../../sdk/as-pdk/build-plugin.js';
import { gantryRoot } from '../../sdk/as-pdk/gantry-root.js';
import { definePlugin, reply, Type, type Exchange, type PluginContext, type PluginInstance } from '../../sdk/index.js';
import { createTestExchange } from '../../sdk/testing/index.js';

type Call = () => Promise<unknown>;

interface Row {
  readonly label: string;
  readonly call: Call;
  readonly samplesNs: number[];
}

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.split('=')[1]);
}

const context: PluginContext = {
  pluginName: 'bench',
  log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  switches: { get: () => undefined },
};

/** A request as a browser-ish client sends it: 9 headers, a query, no body. */
function benchExchange(): Exchange {
  return createTestExchange({
    method: 'GET', path: '/shop/items/42', query: 'lang=en&page=2',
    headers: {
      'host': 'shop.example.test', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) bench', 'accept': 'application/json',
      'accept-encoding': 'gzip, br', 'accept-language': 'en-GB,en;q=0.8', 'x-request-id': '6f1c2d3e4b5a69788796a5b4c3d2e1f0',
      'cookie': 'session=abcdef0123456789; theme=dark', 'x-forwarded-for': '203.0.113.7', 'connection': 'keep-alive',
    },
    route: { group: 'shop', api: 'items' },
  });
}

const tsFilter = definePlugin({
  name: 'ts-bench', version: '1.0.0', priority: 0, schema: Type.Object({}),
  create: (): PluginInstance => ({
    onRequest(exchange) {
      if (exchange.path.startsWith('/admin') || exchange.headers['x-debug'] !== undefined) return reply('AccessControlForbidden');
      exchange.headers['x-checked'] = 'yes';
      return undefined;
    },
  }),
});

async function hookCall(instance: PluginInstance): Promise<Call> {
  return async () => instance.onRequest?.(benchExchange());
}

/** Raw Extism calls over the two encodings, outside the gateway's hook (no breaker, no pool). */
function rawBinary(plugin: Plugin, scope: CallScope, memory: GuestMemory): Call {
  return async () => {
    const exchange = benchExchange();
    const input = encodeRequestView(exchange, false);
    scope.begin(exchange.route, input, memory);
    const output = await plugin.call('on_request', input);
    const decision = decodeDecision(scope.output ?? (output === null ? null : output.bytes().slice()), 'request', false);
    scope.end();
    await plugin.reset();
    return applyRequestDecision(decision, exchange, 'bench');
  };
}

const utf8 = new TextEncoder();

function rawJson(plugin: Plugin, scope: CallScope, memory: GuestMemory): Call {
  return async () => {
    const exchange = benchExchange();
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(exchange.headers)) if (typeof value === 'string') headers.push([name, value]);
    const view = JSON.stringify({
      v: 1, phase: 0, method: exchange.method, path: exchange.path, query: exchange.query, headers,
      group: exchange.route.group, api: exchange.route.api, clientAddress: exchange.clientAddress, traceId: exchange.traceId,
    });
    const input = utf8.encode(view);
    scope.begin(exchange.route, input, memory);
    await plugin.call('on_request_json', input);
    const decision = JSON.parse(Buffer.from(scope.output ?? []).toString('utf8')) as { action?: string; edits?: [string, string, string][] };
    scope.end();
    await plugin.reset();
    for (const [, name, value] of decision.edits ?? []) exchange.headers[name] = value;
    return decision;
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function measure(rows: Row[], calls: number, rounds: number): Promise<void> {
  for (const row of rows) for (let i = 0; i < 500; i++) await row.call(); // warm-up: JIT, pools
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) {
      for (let i = 0; i < calls; i++) {
        const start = process.hrtime.bigint();
        await row.call();
        row.samplesNs.push(Number(process.hrtime.bigint() - start));
      }
    }
  }
}

async function main(): Promise<void> {
  const calls = flag('calls', 2_000);
  const rounds = flag('rounds', 7);
  const root = gantryRoot();
  const benchDir = join(root, 'test', 'fixtures', 'wasm', 'abi-bench');
  const allowDenyDir = join(root, 'plugins', 'wasm-allow-deny');
  const outDir = join(root, 'ops', 'bench', 'out');
  const guest = await buildAssemblyScriptPlugin(benchDir, { outFile: join(outDir, 'abi-bench.wasm') });
  const allowDeny = await buildAssemblyScriptPlugin(allowDenyDir, { outFile: join(outDir, 'wasm-allow-deny.wasm') });

  const metered: WasmPluginDefinition = await loadWasmPlugin(guest.manifest, guest.wasm);
  const unmetered: WasmPluginDefinition = await loadWasmPlugin(guest.manifest, guest.wasm, { metering: false });
  const allowDenyPlugin = await loadWasmPlugin(allowDeny.manifest, allowDeny.wasm);
  const scope = new CallScope();
  const functions = hostFunctions({
    plugin: 'bench', configJson: '{}', switches: context.switches, keyValue: new MemoryKeyValueStore(), log: context.log,
    maxAllocatedBytes: 16 * 1_048_576, scope,
  });
  const raw = await createPlugin({ wasm: [{ data: guest.wasm }] }, { useWasi: false, functions: functions as NonNullable<ExtismPluginOptions['functions']> });
  const rawMemory = ((await raw.getInstance()) as unknown as { exports: { memory: GuestMemory } }).exports.memory;
  const instances = [
    await tsFilter.create({}, context),
    await metered.create({}, context),
    await unmetered.create({}, context),
    await allowDenyPlugin.create({ denyPaths: ['/admin', '/internal'], denyHeaders: [{ name: 'x-debug' }], requireHeaders: ['accept'] }, context),
  ];
  const [ts, wasmMetered, wasmUnmetered, allowDenyInstance] = instances as [PluginInstance, PluginInstance, PluginInstance, PluginInstance];
  const rows: Row[] = [
    { label: 'TypeScript plugin (baseline)', call: await hookCall(ts), samplesNs: [] },
    { label: 'WASM hook, metered (as the gateway runs it)', call: await hookCall(wasmMetered), samplesNs: [] },
    { label: 'WASM hook, unmetered', call: await hookCall(wasmUnmetered), samplesNs: [] },
    { label: 'raw Extism call, binary view (chosen ABI)', call: rawBinary(raw, scope, rawMemory), samplesNs: [] },
    { label: 'raw Extism call, JSON view', call: rawJson(raw, scope, rawMemory), samplesNs: [] },
    { label: 'wasm-allow-deny example, metered', call: await hookCall(allowDenyInstance), samplesNs: [] },
  ];
  await measure(rows, calls, rounds);

  const medians = new Map<string, number>();
  console.log(`# WASM filter call, ${calls * rounds} calls per row (${rounds} interleaved rounds), Node ${process.version}\n`);
  console.log('| plugin | median µs | p99 µs | × TypeScript |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) {
    const sorted = [...row.samplesNs].sort((a, b) => a - b);
    const median = percentile(sorted, 50) / 1000;
    medians.set(row.label, median);
    const base = medians.get(rows[0]?.label ?? '') ?? median;
    console.log(`| ${row.label} | ${median.toFixed(1)} | ${(percentile(sorted, 99) / 1000).toFixed(1)} | ${(median / base).toFixed(1)} |`);
  }
  const meteredMedian = medians.get(rows[1]?.label ?? '') ?? Number.NaN;
  const unmeteredMedian = medians.get(rows[2]?.label ?? '') ?? Number.NaN;
  const binary = medians.get(rows[3]?.label ?? '') ?? Number.NaN;
  const json = medians.get(rows[4]?.label ?? '') ?? Number.NaN;
  console.log('');
  console.log(`- sandbox (meter) overhead: ${(meteredMedian - unmeteredMedian).toFixed(1)} µs per call (${(((meteredMedian / unmeteredMedian) - 1) * 100).toFixed(0)}%)`);
  console.log(`- JSON view costs ${(json - binary).toFixed(1)} µs more than the binary view (${(json / binary).toFixed(2)}×)`);
  console.log(`- target: WASM hook median ≤ 50 µs: ${meteredMedian <= 50 ? 'met' : 'NOT met'} (${meteredMedian.toFixed(1)} µs)`);
  for (const instance of instances) await instance.close?.();
  await raw.close();
}

await main();
