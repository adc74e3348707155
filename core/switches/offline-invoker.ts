import type { CallExchange } from '../pipeline/call-exchange.js';
import { gantryError } from '../pipeline/gantry-error.js';
import type { Invoker, RequestBody, UpstreamSink } from '../invoke/invoker.js';

/**
 * What an API switched offline (`gantry.api.offline`) calls instead of its backend: it fails with
 * 3000 RouterNotFound, the production gateway's answer for an API that is not published. The back
 * protocol stays '-', as for a call that found no API.
 */
export class OfflineInvoker implements Invoker {
  readonly protocolName = '-';
  private readonly tips: string;

  constructor(group: string, api: string) {
    this.tips = `API ${group}|${api} is offline`;
  }

  invoke(_exchange: CallExchange, body: RequestBody, _sink: UpstreamSink): Promise<void> {
    // Why drain: the answer must leave the keep-alive connection usable, as a mock's does.
    body.stream()?.resume();
    return Promise.reject(gantryError('RouterNotFound', { detail: 'route.api-offline', tips: this.tips }));
  }
}
