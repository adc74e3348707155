/**
 * The service every RPC bench peer serves and every RPC row calls. In a module of its own so the
 * gateway's process (rpc-bench.ts) does not load the peers' libraries: sofa-rpc-node and its
 * dependencies, loaded there, would run their module-level setup in the process being measured.
 */
export const BENCH_SERVICE = 'com.bench.EchoService';
