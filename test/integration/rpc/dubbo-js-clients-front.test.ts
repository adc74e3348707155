import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRpcFixture, type RpcFixture } from './rpc-fixture.js';

const require = createRequire(import.meta.url);

interface GoResult { readonly res: unknown; readonly err: Error | null }
type ProxyMethod = (...args: unknown[]) => Promise<GoResult>;
interface DirectlyDubboLike {
  proxyService(param: { dubboInterface: string; version: string; timeout?: number; methods: Record<string, (...args: unknown[]) => unknown[]> }): Record<string, ProxyMethod>;
}
interface Dubbo2Module { DirectlyDubbo: { from(props: { dubboAddress: string; dubboVersion: string; dubboInvokeTimeout: number }): DirectlyDubboLike } }
interface JsToJava { String(value: string): unknown; int(value: number): unknown; combine(className: string, value: unknown): unknown }

/**
 * The two dubbo-js clients, each with its direct-connection client. dubbo2.js wants arguments typed
 * with js-to-java (its own dependency); apache-dubbo-js re-exports its `java` helper.
 */
const clients: [string, Dubbo2Module, JsToJava][] = [
  ['dubbo2.js', require('dubbo2.js') as Dubbo2Module, require('js-to-java') as JsToJava],
  ['apache-dubbo-js', require('apache-dubbo-js') as Dubbo2Module, (require('apache-dubbo-js') as { java: JsToJava }).java],
];

// Independent Dubbo callers of the Dubbo front.
describe.each(clients)('Dubbo front (%s DirectlyDubbo as caller)', (library, { DirectlyDubbo }, java) => {
  let fx: RpcFixture;
  let dubbo: DirectlyDubboLike;

  beforeAll(async () => {
    fx = await startRpcFixture();
    dubbo = DirectlyDubbo.from({ dubboAddress: fx.dubboAddress, dubboVersion: '2.0.2', dubboInvokeTimeout: 3 });
  });

  afterAll(async () => {
    await fx?.close();
  });

  it(`${library} → dubbo front → sofarpc - a String and a POJO`, async () => {
    const sofa = dubbo.proxyService({
      dubboInterface: 'com.example.front.ToSofa',
      version: '1.0',
      methods: {
        echo: (text) => [java.String(text as string)],
        user: (name) => [java.combine('com.example.User', { name })],
      },
    });
    expect(await sofa.echo!('from dubbo2.js')).toEqual({ res: 'from dubbo2.js', err: null });
    const user = await sofa.user!('ada');
    expect(user.err).toBeNull();
    expect(user.res).toMatchObject({ name: 'ada', seen: true });
  });

  it(`${library} → dubbo front → http - args mapped to the body`, async () => {
    const calc = dubbo.proxyService({
      dubboInterface: 'com.example.front.ToHttp',
      version: '1.0',
      methods: { add: (a, b) => [java.int(a as number), java.int(b as number)] },
    });
    expect(await calc.add!(20, 22)).toEqual({ res: { sum: 42 }, err: null });
  });

  it(`${library} → dubbo front - an exception arrives as err`, async () => {
    const sofa = dubbo.proxyService({ dubboInterface: 'com.example.front.ToSofa', version: '1.0', methods: { fail: (why) => [java.String(why as string)] } });
    const answer = await sofa.fail!('nope');
    expect(answer.res).toBeNull();
    expect(String(answer.err?.message)).toContain('refused: nope');
  });
});
