import { describe, expect, it } from 'vitest';
import { argTypesDescriptor, javaTypeDescriptor, parseArgTypesDescriptor } from '../../../../core/protocol/index.js';
import { reasonOf } from '../reason-of.js';

describe('java descriptors', () => {
  it('maps primitives, classes and arrays in both spellings', () => {
    expect(javaTypeDescriptor('int')).toBe('I');
    expect(javaTypeDescriptor('boolean')).toBe('Z');
    expect(javaTypeDescriptor('long')).toBe('J');
    expect(javaTypeDescriptor('java.lang.String')).toBe('Ljava/lang/String;');
    expect(javaTypeDescriptor('int[]')).toBe('[I');
    expect(javaTypeDescriptor('[I')).toBe('[I');
    expect(javaTypeDescriptor('java.lang.String[][]')).toBe('[[Ljava/lang/String;');
    expect(javaTypeDescriptor('[Ljava.lang.String;')).toBe('[Ljava/lang/String;');
  });

  it('concatenates a parameter list and parses it back in source form', () => {
    const types = ['java.lang.String', 'int', 'long[]', 'com.a.Pojo[][]', 'double'];
    const desc = argTypesDescriptor(types);
    expect(desc).toBe('Ljava/lang/String;I[J[[Lcom/a/Pojo;D');
    expect(parseArgTypesDescriptor(desc)).toEqual(types);
    expect(parseArgTypesDescriptor('')).toEqual([]);
  });

  it('refuses malformed descriptors and type names', () => {
    for (const desc of ['Ljava/lang/String', 'X', '[', 'L;']) expect(reasonOf(() => parseArgTypesDescriptor(desc))).toBe('bad-payload');
    for (const name of ['', 'int[', '[Q', 'a b']) expect(reasonOf(() => javaTypeDescriptor(name))).toBe('type-mismatch');
  });
});
