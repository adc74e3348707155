/** One control-plane connection as the metrics see it. */
export interface BusConnectionSample {
  /** Which connection: `node`, `config`, `switches`, … (a fixed set, never an address). */
  readonly connection: string;
  readonly connected: boolean;
  /** Times it went from connected to disconnected. */
  readonly disconnects: number;
}

/**
 * Up/down state of the node's NATS connections, fed by their status events (in `ops/node`, since
 * core never imports the bus) and read by `gantry_nats_connected` / `gantry_nats_disconnects_total`
 * at scrape time. A connection is listed from its first report, so declare each one (down) at start.
 */
export class BusConnectionStates {
  private readonly states = new Map<string, { connected: boolean; disconnects: number }>();

  /** Records the connection's current state; a fall from connected counts as a disconnect. */
  report(connection: string, connected: boolean): void {
    const state = this.states.get(connection);
    if (state === undefined) {
      this.states.set(connection, { connected, disconnects: 0 });
      return;
    }
    if (state.connected && !connected) state.disconnects++;
    state.connected = connected;
  }

  *samples(): Iterable<BusConnectionSample> {
    for (const [connection, state] of this.states) yield { connection, connected: state.connected, disconnects: state.disconnects };
  }
}
