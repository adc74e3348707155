/**
 * An order as a Java peer writes it, every field with its Java type spelled out: a POJO holding
 * longs (one beyond 2^53), a date, an integral double, a byte[] and a typed list of POJOs. The
 * values a type-keeping codec must hand back with the same types.
 */
export function javaTypedOrder(): { $class: string; $: Record<string, unknown> } {
  return {
    $class: 'com.x.Order',
    $: {
      id: { $class: 'long', $: 5 },
      big: { $class: 'long', $: '9007199254740993' },
      at: { $class: 'java.util.Date', $: new Date(0) },
      ratio: { $class: 'double', $: 2 },
      blob: Buffer.from('hi'),
      items: { $class: 'java.util.ArrayList', $: [{ $class: 'com.x.Item', $: { sku: 'a' } }] },
    },
  };
}
