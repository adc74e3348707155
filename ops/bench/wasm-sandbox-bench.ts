/**
 * How promptly the meter stops a runaway guest: for each misbehaving test module (an empty
 * `loop {}`, naive recursion with no loop, a loop of 1 MiB memory fills) and each time limit, the
 * wall time of the failing call, its overshoot past the limit, and the cost of the fresh instance
 * the next call gets. Also the one-off costs: loading binaryen and rewriting a module.
 *
 * Run: `npm run bench:wasm`, or `node dist/ops/bench/wasm-sandbox-bench.js --repeats=N` (default 5).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBinaryen } from '../../core/wasm/binaryen-loader.js';
import { loadWasmPlugin } from '../../core/wasm/index.js';
import { meterModule } from '../../core/wasm/meter-module.js';
import { buildAssemblyScriptPlugin } from '../../sdk/as-pdk/build-plugin.js';
import { gantryRoot } from '../../sdk/as-pdk/gantry-root.js';
import { parsePluginManifest } from '../../sdk/plugin/manifest.js';
import type { PluginContext } from '../../sdk/index.js';
import { createTestExchange } from '../../sdk/testing/index.js';

const fixtures = ['spin', 'recurse', 'fill'] as const;
const limitsMs = [5, 20, 50, 100] as const;
/** The fixtures misbehave for views longer than 200 bytes. */
const longPath = `/${'x'.repeat(240)}`;

const context: PluginContext = {
  pluginName: 'bench',
  log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  switches: { get: () => undefined },
};

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.split('=')[1]);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const repeats = flag('repeats', 5);
  const root = gantryRoot();
  let start = performance.now();
  const binaryen = await loadBinaryen();
  const binaryenLoadMs = performance.now() - start;

  console.log(`# WASM sandbox: stopping runaway guests (${repeats} runs per cell), Node ${process.version}\n`);
  console.log('| module | limit ms | median call ms | max call ms | median overshoot ms | max overshoot ms | next call ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const fixture of fixtures) {
    const module = binaryen.parseText(readFileSync(join(root, 'test', 'fixtures', 'wasm', `${fixture}.wat`), 'utf8'));
    const bytes = module.emitBinary();
    module.dispose();
    for (const limit of limitsMs) {
      const manifest = parsePluginManifest({
        name: `bench-${fixture}`, version: '1.0.0', kind: 'wasm', priority: 0, phases: ['request'],
        configSchema: { type: 'object' }, limits: { timeoutMs: limit, memoryMiB: 16 },
      });
      const breaker = { errorThresholdPercentage: 100, volumeThreshold: 1_000_000, rollingCountTimeoutMs: 10_000, resetTimeoutMs: 1_000 };
      const definition = await loadWasmPlugin(manifest, bytes, { breaker });
      const instance = await definition.create({}, context);
      const calls: number[] = [];
      const next: number[] = [];
      for (let i = 0; i < repeats; i++) {
        start = performance.now();
        const stopped = await Promise.resolve(instance.onRequest?.(createTestExchange({ path: longPath }))).then(() => false, () => true);
        if (!stopped) throw new Error(`${fixture} was not stopped`);
        calls.push(performance.now() - start);
        start = performance.now();
        await instance.onRequest?.(createTestExchange({ path: '/ok' }));
        next.push(performance.now() - start);
      }
      const overshoot = calls.map((ms) => ms - limit);
      console.log(`| ${fixture} | ${limit} | ${median(calls).toFixed(2)} | ${Math.max(...calls).toFixed(2)} | ${median(overshoot).toFixed(2)} | ${Math.max(...overshoot).toFixed(2)} | ${median(next).toFixed(2)} |`);
      await instance.close?.();
    }
  }

  const guest = await buildAssemblyScriptPlugin(join(root, 'plugins', 'wasm-allow-deny'), { outFile: join(root, 'ops', 'bench', 'out', 'wasm-allow-deny.wasm') });
  const rewrites: number[] = [];
  for (let i = 0; i < repeats; i++) {
    start = performance.now();
    meterModule(binaryen, guest.wasm);
    rewrites.push(performance.now() - start);
  }
  console.log('');
  console.log(`- binaryen.js load (once per process): ${binaryenLoadMs.toFixed(0)} ms`);
  console.log(`- metering rewrite of wasm-allow-deny (${guest.wasm.length} bytes): median ${median(rewrites).toFixed(1)} ms`);
  console.log('- "next call" includes instantiating a fresh instance from the compiled module after the failure.');
}

await main();
