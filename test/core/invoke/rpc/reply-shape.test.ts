import { describe, expect, it } from 'vitest';
import { rpcResultToJson } from '../../../../core/invoke/rpc/rpc-result-json.js';
import {
  asJava,
  decodeBoltFrame,
  decodeDubboFrame,
  decodeDubboResponse,
  decodeSofaResponse,
  encodeDubboResponse,
  encodeSofaResponse,
  type BoltResponse,
} from '../../../../core/protocol/index.js';

// The invokers decode replies for HTTP callers in the json shape and render them without
// fromHessian: the body must be the one the typed path renders.

const result = JSON.parse(JSON.stringify({
  $class: 'com.example.Result',
  id: '9223372036854775807',
  small: 42,
  none: null,
  zero: 0,
  empty: '',
  text: 'naïve 中文 😀',
  items: [{ $class: 'com.example.Item', sku: 'A', qty: 1 }, [null, { k: 'v' }]],
  byKey: { a: { b: [1.5, false] } },
})) as unknown;

describe('RPC results in the json shape', () => {
  it('render the same JSON body as the typed path, longs beyond 2^53 as strings', () => {
    const value = { ...(result as object), id: { $class: 'long', $: '9223372036854775807' } };
    const sofa = decodeBoltFrame(encodeSofaResponse(1, { isError: false, errorMsg: null, appResponse: asJava(value, 'com.example.Result'), responseProps: null })) as BoltResponse;
    const typed = decodeSofaResponse(sofa);
    const json = decodeSofaResponse(sofa, { shape: 'json' });
    if (!typed.ok || !json.ok) throw new Error('not ok');
    const body = rpcResultToJson(json.result.appResponse, 'json');
    expect(body).toEqual(rpcResultToJson(typed.result.appResponse));
    expect((JSON.parse(body.toString()) as { id: unknown }).id).toBe('9223372036854775807');

    const dubbo = decodeDubboFrame(encodeDubboResponse(1n, { kind: 'value', value: asJava(value, 'java.lang.Object'), attachments: null }));
    const dubboTyped = decodeDubboResponse(dubbo);
    const dubboJson = decodeDubboResponse(dubbo, { shape: 'json' });
    if (dubboTyped.kind !== 'value' || dubboJson.kind !== 'value') throw new Error('not a value');
    expect(rpcResultToJson(dubboJson.value, 'json')).toEqual(rpcResultToJson(dubboTyped.value));
  });

  it('render null and falsy results as themselves', () => {
    for (const value of [null, 0, false, '']) expect(rpcResultToJson(value, 'json').toString()).toBe(JSON.stringify(value));
  });
});
