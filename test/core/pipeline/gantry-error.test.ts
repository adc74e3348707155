import { describe, expect, it } from 'vitest';
import {
  GANTRY_ERROR_BRAND,
  GantryError,
  gantryError,
  isGantryError,
  isUpstreamTimeout,
  isUpstreamUnavailable,
  toErrorBody,
} from '../../../core/pipeline/gantry-error.js';
import { ResultCodes } from '../../../core/pipeline/result-codes.js';

describe('gantry error - factory', () => {
  it('factory - fills code, status, memo and tips from the table', () => {
    const err = gantryError('InvokeServiceTimeout');
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(GantryError);
    expect(err.name).toBe('GantryError');
    expect(err.code).toBe(4001);
    expect(err.resultName).toBe('InvokeServiceTimeout');
    expect(err.httpStatus).toBe(504);
    expect(err.memo).toBe('InvokeServiceTimeout');
    expect(err.tips).toBe(ResultCodes.InvokeServiceTimeout.tips);
    expect(err.detail).toBeUndefined();
    expect('cause' in err).toBe(false);
  });

  it('factory - keeps the shared memo for suffixed names', () => {
    const err = gantryError('MockResponseContentConvertError6666');
    expect(err.code).toBe(6666);
    expect(err.httpStatus).toBe(503);
    expect(err.memo).toBe('MockResponseContentConvertError');
    expect(err.resultName).toBe('MockResponseContentConvertError6666');
  });

  it('factory - tips override, detail and cause are kept', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const err = gantryError('UnknownProxyError', { tips: 'Backend refused the connection.', detail: 'upstream.connect-refused', cause });
    expect(err.code).toBe(4002);
    expect(err.tips).toBe('Backend refused the connection.');
    expect(err.detail).toBe('upstream.connect-refused');
    expect(err.cause).toBe(cause);
    expect(err.message).toContain('upstream.connect-refused');
  });
});

describe('gantry error - brand', () => {
  it('brand - matches an object branded by another copy of the module', () => {
    const foreign: unknown = Object.assign(new Error('4001 InvokeServiceTimeout'), {
      [Symbol.for('gantry.error')]: true,
      code: 4001,
      memo: 'InvokeServiceTimeout',
    });
    expect(foreign instanceof GantryError).toBe(true);
    expect(isGantryError(foreign)).toBe(true);
    expect(isUpstreamTimeout(foreign)).toBe(true);
  });

  it('brand - matches an object whose prototype carries the brand', () => {
    const foreignPrototype = { [GANTRY_ERROR_BRAND]: true };
    const foreign: unknown = Object.create(foreignPrototype);
    expect(foreign instanceof GantryError).toBe(true);
  });

  it('brand - rejects plain errors, look-alikes and non-objects', () => {
    const lookAlike = Object.assign(new Error('x'), { code: 4001, memo: 'InvokeServiceTimeout' });
    for (const value of [new Error('x'), lookAlike, { [GANTRY_ERROR_BRAND]: 'yes' }, null, undefined, 4001, 'GantryError']) {
      expect(value instanceof GantryError).toBe(false);
      expect(isGantryError(value)).toBe(false);
    }
  });

  it('brand - a subclass keeps the ordinary instanceof check', () => {
    class PluginError extends GantryError {}
    const plain = gantryError('UnknownFilterError');
    const sub = new PluginError('UnknownFilterError');
    expect(sub instanceof PluginError).toBe(true);
    expect(sub instanceof GantryError).toBe(true);
    expect(plain instanceof PluginError).toBe(false);
  });
});

describe('gantry error - predicates', () => {
  it('predicates - upstream timeout is 4001 only', () => {
    expect(isUpstreamTimeout(gantryError('InvokeServiceTimeout'))).toBe(true);
    expect(isUpstreamTimeout(gantryError('SofaRpcTimeout'))).toBe(false);
    expect(isUpstreamTimeout(gantryError('RequestBodyTimeout'))).toBe(false);
    expect(isUpstreamTimeout(Object.assign(new Error('timeout'), { code: 4001 }))).toBe(false);
  });

  it('predicates - upstream unavailable is 4000 or 4002', () => {
    expect(isUpstreamUnavailable(gantryError('NoProxyServiceFound'))).toBe(true);
    expect(isUpstreamUnavailable(gantryError('UnknownProxyError'))).toBe(true);
    expect(isUpstreamUnavailable(gantryError('InvokeServiceTimeout'))).toBe(false);
    expect(isUpstreamUnavailable(new Error('ECONNREFUSED'))).toBe(false);
  });
});

describe('gantry error - error body', () => {
  it('error body - has code, memo, tips, traceId in that order', () => {
    const body = toErrorBody(gantryError('RouterNotFound', { detail: 'router.no-route' }), 'trace-1');
    expect(Object.keys(body)).toEqual(['code', 'memo', 'tips', 'traceId']);
    expect(body).toEqual({ code: 3000, memo: 'RouterNotFound', tips: ResultCodes.RouterNotFound.tips, traceId: 'trace-1' });
    expect(JSON.stringify(body)).toBe(
      `{"code":3000,"memo":"RouterNotFound","tips":${JSON.stringify(ResultCodes.RouterNotFound.tips)},"traceId":"trace-1"}`,
    );
  });

  it('error body - uses the override tips and never leaks the detail', () => {
    const body = toErrorBody(gantryError('RequestBodyTooLarge', { tips: 'Limit is 1 MiB.', detail: 'request.body-too-large' }), 't');
    expect(body.tips).toBe('Limit is 1 MiB.');
    expect(JSON.stringify(body)).not.toContain('request.body-too-large');
  });

  it('error body - falls back to the table tips for a foreign error without tips', () => {
    const foreign = Object.assign(new Error('x'), { [GANTRY_ERROR_BRAND]: true, code: 4001, memo: 'InvokeServiceTimeout' });
    if (!isGantryError(foreign)) throw new Error('brand not recognised');
    expect(toErrorBody(foreign, 't').tips).toBe(ResultCodes.InvokeServiceTimeout.tips);
  });
});
