import { describe, expect, it } from 'vitest';
import {
  compileRouter,
  isRouterCompileError,
  RouterCompileError,
  type GroupInput,
  type RouteInput,
} from '../../../core/router/index.js';

const oneGroup: GroupInput[] = [{ name: 'g', hosts: ['g.test'] }];

/** The error compileRouter throws, or fails the test when it does not throw. */
function compileError(groups: readonly GroupInput[], routes: readonly RouteInput<number>[] = []): RouterCompileError {
  try {
    compileRouter(groups, routes);
  } catch (err) {
    if (isRouterCompileError(err)) return err;
    throw err;
  }
  throw new Error('expected compileRouter to throw');
}

function route(path: string, type: 'exact' | 'prefix', methods?: string[], group = 'g'): RouteInput<number> {
  return { group, path, type, payload: 0, ...(methods === undefined ? {} : { methods }) };
}

describe('compile errors', () => {
  it('conflict - same group, type and path with overlapping methods names both routes', () => {
    const err = compileError(oneGroup, [route('/items', 'exact', ['GET', 'POST']), route('/other', 'exact'), route('/items', 'exact', ['PUT', 'POST'])]);
    expect(err).toBeInstanceOf(RouterCompileError);
    expect(err.code).toBe('ROUTER_ROUTE_CONFLICT');
    expect(err.field).toBe('routes[2]');
    expect(err.routeIndexes).toEqual([0, 2]);
    expect(err.message).toContain('routes[0]');
  });

  it('conflict - two any-method routes, or any-method and a method list, overlap', () => {
    expect(compileError(oneGroup, [route('/a', 'prefix'), route('/a', 'prefix')]).routeIndexes).toEqual([0, 1]);
    expect(compileError(oneGroup, [route('/a', 'prefix', ['GET']), route('/a', 'prefix')]).code).toBe('ROUTER_ROUTE_CONFLICT');
    expect(compileError(oneGroup, [route('/a', 'exact'), route('/a', 'exact', ['GET'])]).code).toBe('ROUTER_ROUTE_CONFLICT');
  });

  it('conflict - methods overlap regardless of the case they were written in', () => {
    expect(compileError(oneGroup, [route('/a', 'exact', ['get']), route('/a', 'exact', ['GET'])]).code).toBe('ROUTER_ROUTE_CONFLICT');
  });

  it('conflict - prefixes differing only by a trailing slash cover the same requests', () => {
    const err = compileError(oneGroup, [route('/static', 'prefix'), route('/static/', 'prefix')]);
    expect(err.code).toBe('ROUTER_ROUTE_CONFLICT');
    expect(err.routeIndexes).toEqual([0, 1]);
  });

  it('conflict - none across groups, types, disjoint methods or distinct exact paths', () => {
    const groups: GroupInput[] = [...oneGroup, { name: 'h', hosts: ['h.test'] }];
    expect(() =>
      compileRouter(groups, [
        route('/items', 'exact', ['GET']),
        route('/items', 'exact', ['POST']),
        route('/items', 'prefix', ['GET']),
        route('/items', 'exact', ['GET'], 'h'),
        route('/items/', 'exact', ['GET']),
      ]),
    ).not.toThrow();
  });

  it('route - naming an unknown group is refused', () => {
    const err = compileError(oneGroup, [route('/a', 'exact'), route('/b', 'exact', undefined, 'nope')]);
    expect(err.code).toBe('ROUTER_UNKNOWN_GROUP');
    expect(err.field).toBe('routes[1].group');
    expect(err.routeIndexes).toEqual([1]);
  });

  it('route - malformed paths are refused naming the path field', () => {
    for (const path of ['', 'items', '/a b', '/a?b', '/a#b', '/a//b', '//', '/a\tb']) {
      for (const type of ['exact', 'prefix'] as const) {
        const err = compileError(oneGroup, [route(path, type)]);
        expect(err.code, `${type} ${JSON.stringify(path)}`).toBe('ROUTER_INVALID_PATH');
        expect(err.field).toBe('routes[0].path');
      }
    }
  });

  it('route - an unknown type is refused', () => {
    const bad = { group: 'g', path: '/a', type: 'regex', payload: 0 } as unknown as RouteInput<number>;
    const err = compileError(oneGroup, [bad]);
    expect(err.code).toBe('ROUTER_INVALID_TYPE');
    expect(err.field).toBe('routes[0].type');
  });

  it('route - empty or malformed method lists are refused naming the entry', () => {
    expect(compileError(oneGroup, [route('/a', 'exact', [])]).field).toBe('routes[0].methods');
    const cases: [unknown[], string][] = [
      [['GET', 'G ET'], 'routes[0].methods[1]'],
      [[''], 'routes[0].methods[0]'],
      [['GET', 42], 'routes[0].methods[1]'],
    ];
    for (const [methods, field] of cases) {
      const err = compileError(oneGroup, [{ ...route('/a', 'exact'), methods: methods as string[] }]);
      expect(err.code).toBe('ROUTER_INVALID_METHOD');
      expect(err.field).toBe(field);
    }
  });

  it('host - invalid patterns are refused naming the host entry', () => {
    const bad = ['a.*.com', '*', '', '*.', '*x.com', '**.com', 'a.b*', 'shop.test:8080', '1.2.3.4:80', '[::1]:80', 'a..b', '.a', 'has space.com', 'a/b'];
    for (const host of bad) {
      const err = compileError([{ name: 'g', hosts: ['ok.test', host] }]);
      expect(err.code, JSON.stringify(host)).toBe('ROUTER_INVALID_HOST');
      expect(err.field).toBe('groups[0].hosts[1]');
    }
  });

  it('host - valid patterns are accepted and normalised', () => {
    const router = compileRouter([{ name: 'g', hosts: ['*.test', 'SHOP.Example', 'shop.test.', '[::1]', '10.0.0.1', 'svc_a.internal', '*.A.B'] }], []);
    expect(router.describe().groups[0]?.hosts).toEqual(['*.test', 'shop.example', 'shop.test', '::1', '10.0.0.1', 'svc_a.internal', '*.a.b']);
  });

  it('host - a host shared by two groups is refused, compared case-insensitively', () => {
    const err = compileError([
      { name: 'a', hosts: ['shop.test'] },
      { name: 'b', hosts: ['x.test', 'Shop.Test'] },
    ]);
    expect(err.code).toBe('ROUTER_DUPLICATE_HOST');
    expect(err.field).toBe('groups[1].hosts[1]');
    expect(err.message).toContain('groups[0]');
    const wildcard = compileError([{ name: 'a', hosts: ['*.shop.test'] }, { name: 'b', hosts: ['*.shop.test'] }]);
    expect(wildcard.code).toBe('ROUTER_DUPLICATE_HOST');
  });

  it('host - an exact host and a wildcard on the same suffix may belong to different groups', () => {
    expect(() => compileRouter([{ name: 'a', hosts: ['shop.test'] }, { name: 'b', hosts: ['*.shop.test'] }], [])).not.toThrow();
  });

  it('host - the same host twice in one group is accepted once', () => {
    const router = compileRouter([{ name: 'a', hosts: ['shop.test', 'SHOP.test'] }], []);
    expect(router.describe().groups[0]?.hosts).toEqual(['shop.test']);
  });

  it('group - a second default group is refused naming both', () => {
    const err = compileError([
      { name: 'a', hosts: [], default: true },
      { name: 'b', hosts: [] },
      { name: 'c', hosts: [], default: true },
    ]);
    expect(err.code).toBe('ROUTER_DUPLICATE_DEFAULT');
    expect(err.field).toBe('groups[2].default');
    expect(err.message).toContain('groups[0]');
  });

  it('group - empty and duplicate names are refused', () => {
    expect(compileError([{ name: '', hosts: [] }]).field).toBe('groups[0].name');
    const dup = compileError([{ name: 'a', hosts: [] }, { name: 'a', hosts: [] }]);
    expect(dup.code).toBe('ROUTER_INVALID_GROUP');
    expect(dup.field).toBe('groups[1].name');
  });

  it('input - frozen inputs compile and are left unchanged', () => {
    const groups = Object.freeze([Object.freeze({ name: 'g', hosts: Object.freeze(['G.test']) })]);
    const routes = Object.freeze([Object.freeze({ group: 'g', path: '/a/', type: 'prefix' as const, methods: Object.freeze(['get']), payload: 1 })]);
    const router = compileRouter(groups, routes);
    expect(routes[0]?.methods).toEqual(['get']);
    expect(groups[0]?.hosts).toEqual(['G.test']);
    expect(router.match('g.test', undefined, 'GET', '/a/b')).toMatchObject({ kind: 'found', matchedPath: '/a/' });
  });

  it('error - recognised by brand as well as by class', () => {
    const err = compileError([{ name: '', hosts: [] }]);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RouterCompileError');
    expect(isRouterCompileError(new Error('x'))).toBe(false);
    expect(isRouterCompileError({ [Symbol.for('gantry.router-compile-error')]: true })).toBe(true);
  });
});
