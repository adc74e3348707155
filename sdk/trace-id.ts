/** Trace and span id generators, shared with the core so ids look the same everywhere. */
export { newSpanId, newTraceId, newTraceparent } from '../core/pipeline/trace-id.js';
