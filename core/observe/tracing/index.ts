export { GantryTracer, samplerFor, type GantryTracerDeps } from './gantry-tracer.js';
export { resolveTracingOptions, TracingEnvError, type TracingConfig, type TracingEnv } from './resolve-tracing-options.js';
export { defaultTracingOptions, type TracingOptions, type TracingPropagator, type TracingProtocol, type TracingSampler } from './tracing-options.js';
export { TracePropagation, type OutgoingHeaders } from './trace-propagation.js';
