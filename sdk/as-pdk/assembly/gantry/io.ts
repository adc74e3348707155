// The call's input and output through the gateway's fast host functions: one copy each way,
// where Extism's kernel moves 8 bytes per host call.
import { input_length } from "@extism/as-pdk/lib/env";

@external("extism:host/user", "gantry_input_copy")
declare function gantry_input_copy(destination: usize): void;
@external("extism:host/user", "gantry_output")
declare function gantry_output(pointer: usize, length: usize): void;

// The view the gateway passed, in a fresh array.
export function readInput(): Uint8Array {
  const length = <i32>input_length();
  const input = new Uint8Array(length);
  if (length > 0) gantry_input_copy(input.dataStart);
  return input;
}

// Hands `bytes` to the gateway as this call's decision.
export function writeOutput(bytes: Uint8Array): void {
  gantry_output(bytes.dataStart, <usize>bytes.length);
}
