/**
 * A NatsConfigSource wired to a DeliveryRecorder and a log of its state changes: a node without
 * the data plane, for tests of what is delivered and when.
 */
import { NatsConfigSource } from '../../../bus/config/nats-config-source.js';
import type { NatsConfigSourceOptions, NatsConfigSourceState } from '../../../bus/config/nats-config-source-options.js';
import { DeliveryRecorder } from './delivery-recorder.js';
import { EventLog } from './event-log.js';
import { sharedNatsUrl } from './test-bucket.js';

/** A source with everything a test observes. */
export interface RecordingSource {
  readonly source: NatsConfigSource;
  readonly recorder: DeliveryRecorder;
  readonly states: EventLog<NatsConfigSourceState>;
  readonly errors: EventLog<Error>;
}

/**
 * A source on `bucket`, with fast retries (100 ms) so outages in tests heal quickly. Not started:
 * call `source.start(recorder.deliver)`.
 */
export function recordingSource(bucket: string, options: Partial<NatsConfigSourceOptions> & { servers?: string } = {}): RecordingSource {
  const { servers = sharedNatsUrl, ...rest } = options;
  const recorder = new DeliveryRecorder();
  const states = new EventLog<NatsConfigSourceState>();
  const errors = new EventLog<Error>();
  const source = new NatsConfigSource({
    bus: { servers: [servers], name: 'gantry-test-node', reconnectTimeWaitMs: 100, connectTimeoutMs: 1000 },
    bucket,
    retryDelayMs: 100,
    onStateChange: (state) => states.push(state),
    onError: (error) => errors.push(error),
    ...rest,
  });
  return { source, recorder, states, errors };
}
