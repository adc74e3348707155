import { describe, expect, it } from 'vitest';
import { requestId } from '../../../plugins/request-id/plugin.js';
import { createTestHost } from '../../../sdk/testing/index.js';

describe('request-id - schema', () => {
  it('schema - sanity: an empty config is complete with its defaults', async () => {
    const host = await createTestHost(requestId, {});
    expect(host.config).toEqual({ headerName: 'x-request-id', setResponseHeader: true, acceptClientId: true, propagateTraceparent: true });
  });

  it('schema - accepts every field set', async () => {
    const config = { headerName: 'X-Correlation-Id', setResponseHeader: false, acceptClientId: false, propagateTraceparent: false };
    const host = await createTestHost(requestId, config);
    expect(host.config).toEqual(config);
  });

  it('schema - rejects wrong type, naming the field', async () => {
    await expect(createTestHost(requestId, { setResponseHeader: 'yes' })).rejects.toThrow('config.setResponseHeader: must be true or false (got "yes")');
    await expect(createTestHost(requestId, { headerName: 7 })).rejects.toThrow('config.headerName: must be a string (got 7)');
  });

  it('schema - rejects an unknown field with a suggestion', async () => {
    await expect(createTestHost(requestId, { headername: 'x-id' })).rejects.toThrow('unknown field "headername" (did you mean "headerName"?)');
  });

  it('schema - rejects a header name that is not a token', async () => {
    await expect(createTestHost(requestId, { headerName: 'x id' })).rejects.toThrow('config.headerName: must be a valid header name');
    await expect(createTestHost(requestId, { headerName: '' })).rejects.toThrow('config.headerName: must not be empty');
  });

  it('schema - refuses the W3C headers as the id header, whatever their case', async () => {
    await expect(createTestHost(requestId, { headerName: 'Traceparent' })).rejects.toThrow('headerName: "Traceparent" carries the W3C trace context');
    await expect(createTestHost(requestId, { headerName: 'tracestate' })).rejects.toThrow('carries the W3C trace context');
  });
});
