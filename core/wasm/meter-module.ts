/**
 * The metering rewrite: bounds a guest call's time without a worker thread. A fuel counter (a
 * mutable global) is charged at every loop header and at the entry of every function that calls or
 * loops, and bulk memory operations are charged by size; when the fuel runs out the module calls
 * the host import `gantry:meter.check`, which throws past the call's deadline and otherwise lets the
 * module refill and go on. So a runaway guest (an empty loop, deep recursion, a fill loop) stops
 * within about one refill of work of its deadline, and a well-behaved call pays one global
 * decrement and compare per loop iteration.
 *
 * Every expression kind is walked explicitly; a module using one this walker does not know (GC,
 * exceptions, stack switching, threads…) is refused rather than run unmetered.
 */
import type { Binaryen } from './binaryen-loader.js';
import { METER_FUEL, METER_IMPORT_FIELD, METER_IMPORT_MODULE } from './meter-clock.js';

type Ref = number;

/** Thrown for a module the rewrite cannot meter; the message says why. */
export class MeterRewriteError extends Error {
  override readonly name = 'MeterRewriteError';
}

const FUEL = '__gantry_fuel';
const CHECK = '__gantry_meter_check';
const REFUEL = '__gantry_refuel';
const CHARGE_BYTES = '__gantry_charge_bytes';
const CHARGE_PAGES = '__gantry_charge_pages';

/** The raw C-API setters binaryen.js exposes but does not type. */
interface RawSetters {
  _BinaryenLoopSetBody(loop: Ref, body: Ref): void;
  _BinaryenMemoryFillSetSize(expression: Ref, size: Ref): void;
  _BinaryenMemoryCopySetSize(expression: Ref, size: Ref): void;
  _BinaryenMemoryInitSetSize(expression: Ref, size: Ref): void;
  _BinaryenMemoryGrowSetDelta(expression: Ref, delta: Ref): void;
}

function supportedFeatures(b: Binaryen): number {
  const f = b.Features;
  return f.MutableGlobals | f.NontrappingFPToInt | f.SIMD128 | f.BulkMemory | f.SignExt | f.ReferenceTypes | f.Multivalue | f.BulkMemoryOpt;
}

/**
 * How to find the child expressions of each expression kind the walker accepts: names of
 * binaryen's C-API getters (`_Binaryen<Name>`), single children first, then an optional
 * `[count, at]` pair for a list. Raw getters, because `getExpressionInfo` reads every field of an
 * expression and made the rewrite ~10× slower.
 */
type ChildSpec = readonly [single: readonly string[], list?: readonly [count: string, at: string]];

function childSpecs(b: Binaryen): Map<number, ChildSpec> {
  const leaf: ChildSpec = [[]];
  return new Map<number, ChildSpec>([
    [b.NopId, leaf], [b.UnreachableId, leaf], [b.ConstId, leaf], [b.LocalGetId, leaf], [b.GlobalGetId, leaf],
    [b.MemorySizeId, leaf], [b.DataDropId, leaf], [b.RefNullId, leaf], [b.RefFuncId, leaf], [b.TableSizeId, leaf],
    [b.AtomicFenceId, leaf],
    [b.BlockId, [[], ['BlockGetNumChildren', 'BlockGetChildAt']]],
    [b.IfId, [['IfGetCondition', 'IfGetIfTrue', 'IfGetIfFalse']]],
    [b.LoopId, [['LoopGetBody']]],
    [b.BreakId, [['BreakGetCondition', 'BreakGetValue']]],
    [b.SwitchId, [['SwitchGetCondition', 'SwitchGetValue']]],
    [b.CallId, [[], ['CallGetNumOperands', 'CallGetOperandAt']]],
    [b.CallIndirectId, [['CallIndirectGetTarget'], ['CallIndirectGetNumOperands', 'CallIndirectGetOperandAt']]],
    [b.LocalSetId, [['LocalSetGetValue']]], [b.GlobalSetId, [['GlobalSetGetValue']]],
    [b.LoadId, [['LoadGetPtr']]], [b.StoreId, [['StoreGetPtr', 'StoreGetValue']]],
    [b.UnaryId, [['UnaryGetValue']]], [b.BinaryId, [['BinaryGetLeft', 'BinaryGetRight']]],
    [b.SelectId, [['SelectGetIfTrue', 'SelectGetIfFalse', 'SelectGetCondition']]],
    [b.DropId, [['DropGetValue']]], [b.ReturnId, [['ReturnGetValue']]],
    [b.MemoryGrowId, [['MemoryGrowGetDelta']]],
    [b.MemoryInitId, [['MemoryInitGetDest', 'MemoryInitGetOffset', 'MemoryInitGetSize']]],
    [b.MemoryCopyId, [['MemoryCopyGetDest', 'MemoryCopyGetSource', 'MemoryCopyGetSize']]],
    [b.MemoryFillId, [['MemoryFillGetDest', 'MemoryFillGetValue', 'MemoryFillGetSize']]],
    [b.RefIsNullId, [['RefIsNullGetValue']]], [b.RefEqId, [['RefEqGetLeft', 'RefEqGetRight']]],
    [b.TableGetId, [['TableGetGetIndex']]], [b.TableSetId, [['TableSetGetIndex', 'TableSetGetValue']]],
    [b.TableGrowId, [['TableGrowGetValue', 'TableGrowGetDelta']]],
    [b.SIMDExtractId, [['SIMDExtractGetVec']]], [b.SIMDReplaceId, [['SIMDReplaceGetVec', 'SIMDReplaceGetValue']]],
    [b.SIMDShuffleId, [['SIMDShuffleGetLeft', 'SIMDShuffleGetRight']]],
    [b.SIMDTernaryId, [['SIMDTernaryGetA', 'SIMDTernaryGetB', 'SIMDTernaryGetC']]],
    [b.SIMDShiftId, [['SIMDShiftGetVec', 'SIMDShiftGetShift']]], [b.SIMDLoadId, [['SIMDLoadGetPtr']]],
    [b.SIMDLoadStoreLaneId, [['SIMDLoadStoreLaneGetPtr', 'SIMDLoadStoreLaneGetVec']]],
  ]);
}

type RawGetter = (expression: Ref, index?: number) => Ref;
type RawApi = RawSetters & Record<string, unknown>;

/** binaryen's raw C-API getter `_Binaryen<name>`. */
function get(raw: RawApi, name: string): RawGetter {
  return raw[`_Binaryen${name}`] as RawGetter;
}

/** Pushes the non-null children of `expression` onto `stack`. */
function pushChildren(raw: RawApi, spec: ChildSpec, expression: Ref, stack: Ref[]): void {
  for (const getter of spec[0]) {
    const child = get(raw, getter)(expression);
    if (child !== 0) stack.push(child);
  }
  const list = spec[1];
  if (list === undefined) return;
  const count = get(raw, list[0])(expression);
  const at = get(raw, list[1]);
  for (let i = 0; i < count; i++) {
    const child = at(expression, i);
    if (child !== 0) stack.push(child);
  }
}

/** `fuel -= amount; if (fuel < 0) refuel()` — `amount` an i32 expression. */
function charge(module: InstanceType<Binaryen['Module']>, b: Binaryen, amount: Ref): Ref {
  return module.block(null, [
    module.global.set(FUEL, module.i32.sub(module.global.get(FUEL, b.i32), amount)),
    module.if(module.i32.lt_s(module.global.get(FUEL, b.i32), module.i32.const(0)), module.call(REFUEL, [], b.none)),
  ], b.none);
}

/** Adds the fuel global, the check import and the charging helpers. */
function addMeterRuntime(module: InstanceType<Binaryen['Module']>, b: Binaryen): void {
  module.addGlobal(FUEL, b.i32, true, module.i32.const(METER_FUEL));
  module.addFunctionImport(CHECK, METER_IMPORT_MODULE, METER_IMPORT_FIELD, b.none, b.none);
  module.addFunction(REFUEL, b.none, b.none, [], module.block(null, [
    module.call(CHECK, [], b.none),
    module.global.set(FUEL, module.i32.const(METER_FUEL)),
  ], b.none));
  const param = (): Ref => module.local.get(0, b.i32);
  // Bulk copies and fills cost one unit per 64 bytes: a 16 MiB fill is ~13 refills, so a loop of
  // large fills reaches the clock check every iteration.
  module.addFunction(CHARGE_BYTES, b.i32, b.i32, [], module.block(null, [
    charge(module, b, module.i32.shr_u(param(), module.i32.const(6))),
    param(),
  ], b.i32));
  // A page is 64 KiB: 1024 units; deltas beyond 65535 pages fail anyway and are charged as that.
  module.addFunction(CHARGE_PAGES, b.i32, b.i32, [], module.block(null, [
    charge(module, b, module.select(
      module.i32.gt_u(param(), module.i32.const(0xffff)),
      module.i32.const(0x3ff_fc00),
      module.i32.shl(param(), module.i32.const(10)),
    )),
    param(),
  ], b.i32));
}

/** Instruments one function body in place; true when it calls or loops (so its entry is charged too). */
function meterBody(module: InstanceType<Binaryen['Module']>, b: Binaryen, raw: RawApi, specs: Map<number, ChildSpec>, body: Ref): boolean {
  let callsOrLoops = false;
  const stack: Ref[] = [body];
  while (stack.length > 0) {
    const expression = stack.pop() as Ref;
    const id = b.getExpressionId(expression);
    const spec = specs.get(id);
    if (spec === undefined) throw new MeterRewriteError(`unsupported instruction (binaryen expression id ${id})`);
    pushChildren(raw, spec, expression, stack);
    switch (id) {
      case b.LoopId: {
        callsOrLoops = true;
        const inner = get(raw, 'LoopGetBody')(expression);
        raw._BinaryenLoopSetBody(expression, module.block(null, [charge(module, b, module.i32.const(1)), inner], b.getExpressionType(inner)));
        break;
      }
      case b.CallId:
      case b.CallIndirectId:
        callsOrLoops = true;
        break;
      case b.MemoryFillId:
        raw._BinaryenMemoryFillSetSize(expression, module.call(CHARGE_BYTES, [get(raw, 'MemoryFillGetSize')(expression)], b.i32));
        break;
      case b.MemoryCopyId:
        raw._BinaryenMemoryCopySetSize(expression, module.call(CHARGE_BYTES, [get(raw, 'MemoryCopyGetSize')(expression)], b.i32));
        break;
      case b.MemoryInitId:
        raw._BinaryenMemoryInitSetSize(expression, module.call(CHARGE_BYTES, [get(raw, 'MemoryInitGetSize')(expression)], b.i32));
        break;
      case b.MemoryGrowId:
        raw._BinaryenMemoryGrowSetDelta(expression, module.call(CHARGE_PAGES, [get(raw, 'MemoryGrowGetDelta')(expression)], b.i32));
        break;
      default:
        break;
    }
  }
  return callsOrLoops;
}

/** Export under which the module's start code is left for the host to run under the meter. */
export const START_EXPORT = '__gantry_start';

/**
 * A start function runs inside `WebAssembly.instantiate`, where no call deadline is armed: a
 * start that never ends would hang the process. Its (metered) body moves to an exported function
 * the host calls right after instantiation, with the meter armed; the start itself becomes empty.
 */
function moveStartFunction(module: InstanceType<Binaryen['Module']>, b: Binaryen): void {
  const start = module.getStart();
  if (start === 0) return;
  const info = b.getFunctionInfo(start);
  const setBody = (b as unknown as { Function: { setBody(fn: Ref, body: Ref): void } }).Function.setBody;
  module.addFunction(START_EXPORT, b.none, b.none, info.vars, info.body);
  setBody(start, module.nop());
  module.addFunctionExport(START_EXPORT, START_EXPORT);
}

/**
 * Returns `bytes` with the meter added (see the file header). The module must not import
 * `gantry:meter` itself. Throws {@link MeterRewriteError} for modules it cannot meter.
 */
export function meterModule(b: Binaryen, bytes: Uint8Array): Uint8Array {
  const module = b.readBinary(bytes);
  try {
    // What V8 in Node 20 runs; emitting with binaryen's `All` would use encodings V8 cannot read.
    module.setFeatures(supportedFeatures(b));
    const info = module.hasMemory() ? module.getMemoryInfo() : undefined;
    if (info?.is64 === true) throw new MeterRewriteError('64-bit memories are not supported');
    const raw = b as unknown as RawApi;
    const specs = childSpecs(b);
    const count = module.getNumFunctions();
    const bodies: Ref[] = [];
    for (let i = 0; i < count; i++) {
      const fn = module.getFunctionByIndex(i);
      const fnInfo = b.getFunctionInfo(fn);
      if (fnInfo.module === METER_IMPORT_MODULE) throw new MeterRewriteError(`the module imports ${METER_IMPORT_MODULE} itself`);
      if (fnInfo.module !== '' && fnInfo.module !== null) continue; // an import has no body
      bodies.push(fn);
    }
    addMeterRuntime(module, b);
    for (const fn of bodies) {
      const fnInfo = b.getFunctionInfo(fn);
      if (meterBody(module, b, raw, specs, fnInfo.body)) {
        (b as unknown as { Function: { setBody(fn: Ref, body: Ref): void } }).Function.setBody(fn, module.block(null, [charge(module, b, module.i32.const(1)), fnInfo.body], fnInfo.results));
      }
    }
    moveStartFunction(module, b);
    // No binaryen validate(): compiling the result (prepare-module.ts) validates it, at a third of the cost.
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}
