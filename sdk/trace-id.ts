/** Trace and span id generators, shared with the core so ids look the same everywhere. */
export { newSpanId, newTraceId } from '../core/pipeline/trace-id.js';
