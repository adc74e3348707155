/**
 * RPC results ↔ JSON bodies. An RPC result becomes the JSON body an HTTP caller receives (`long`
 * beyond 2^53 as a decimal string, by the codec's `fromHessian`, or already so when the reply was
 * decoded in the json shape); an HTTP backend's body becomes the value an RPC front caller receives.
 */
import { gantryError } from '../../pipeline/gantry-error.js';
import { fromHessian, type HessianShape } from '../../protocol/index.js';

/**
 * The JSON body of an RPC result, decoded in `shape` ('json': already what fromHessian makes).
 * @throws GantryError 7905 when it cannot be rendered
 */
export function rpcResultToJson(value: unknown, shape: HessianShape = 'typed'): Buffer {
  try {
    return Buffer.from(JSON.stringify(shape === 'json' ? value : fromHessian(value)) ?? 'null');
  } catch (error) {
    throw gantryError('ResponseParamRenderError', { detail: 'mapping.result-render-failed', tips: 'the RPC result cannot be written as JSON', cause: error });
  }
}

/**
 * The value of an HTTP answer for an RPC caller: parsed JSON when the body is JSON, else the text.
 * @throws GantryError 7904 when a body declared as JSON does not parse
 */
export function httpBodyToRpcValue(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return null;
  if (contentType === undefined || !contentType.toLowerCase().includes('json')) return body.toString('utf8');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw gantryError('ResponseParamParseError', { detail: 'mapping.response-not-json', tips: 'the backend\'s JSON body does not parse', cause: error });
  }
}
