/** Chooses one of a cluster's endpoints per attempt. Implementations keep their own state. */
export interface LoadBalancer<E> {
  /**
   * Picks an endpoint among those `usable` accepts, preferring ones not in `exclude`
   * (endpoints already tried by this call). Returns undefined when none is usable.
   */
  pick(usable: (endpoint: E) => boolean, exclude?: ReadonlySet<E>): E | undefined;
}

export type LoadBalancerKind = 'random' | 'round-robin' | 'weighted';

interface Weighted { readonly weight: number }

/** Builds the balancer for a cluster; `endpoints` is fixed for the life of the balancer. */
export function createLoadBalancer<E extends Weighted>(kind: LoadBalancerKind, endpoints: readonly E[]): LoadBalancer<E> {
  switch (kind) {
    case 'random': return new RandomBalancer(endpoints);
    case 'round-robin': return new RoundRobinBalancer(endpoints);
    case 'weighted': return new SmoothWeightedBalancer(endpoints);
  }
}

function acceptable<E>(endpoint: E, usable: (endpoint: E) => boolean, exclude?: ReadonlySet<E>): boolean {
  return (exclude === undefined || !exclude.has(endpoint)) && usable(endpoint);
}

/** Walks the ring from `start`, first excluding tried endpoints, then allowing them again. */
function scanFrom<E>(endpoints: readonly E[], start: number, usable: (e: E) => boolean, exclude?: ReadonlySet<E>): E | undefined {
  const n = endpoints.length;
  for (let i = 0; i < n; i++) {
    const candidate = endpoints[(start + i) % n] as E;
    if (acceptable(candidate, usable, exclude)) return candidate;
  }
  if (exclude === undefined || exclude.size === 0) return undefined;
  // Why: with one endpoint (or all tried) a retry may go to an endpoint tried before.
  for (let i = 0; i < n; i++) {
    const candidate = endpoints[(start + i) % n] as E;
    if (usable(candidate)) return candidate;
  }
  return undefined;
}

class RandomBalancer<E> implements LoadBalancer<E> {
  constructor(private readonly endpoints: readonly E[]) {}
  pick(usable: (e: E) => boolean, exclude?: ReadonlySet<E>): E | undefined {
    if (this.endpoints.length === 0) return undefined;
    return scanFrom(this.endpoints, Math.floor(Math.random() * this.endpoints.length), usable, exclude);
  }
}

class RoundRobinBalancer<E> implements LoadBalancer<E> {
  private next = 0;
  constructor(private readonly endpoints: readonly E[]) {}
  pick(usable: (e: E) => boolean, exclude?: ReadonlySet<E>): E | undefined {
    const n = this.endpoints.length;
    if (n === 0) return undefined;
    const start = this.next;
    this.next = (start + 1) % n;
    return scanFrom(this.endpoints, start, usable, exclude);
  }
}

/**
 * Smooth weighted round-robin: every pick adds each endpoint's weight to its running score, takes
 * the highest, and subtracts the total from it — weights are honoured without bursts to one endpoint.
 */
class SmoothWeightedBalancer<E extends Weighted> implements LoadBalancer<E> {
  private readonly scores: number[];
  constructor(private readonly endpoints: readonly E[]) {
    this.scores = endpoints.map(() => 0);
  }
  pick(usable: (e: E) => boolean, exclude?: ReadonlySet<E>): E | undefined {
    const chosen = this.pickAmong((e) => acceptable(e, usable, exclude)) ?? this.pickAmong(usable);
    return chosen;
  }
  private pickAmong(eligible: (e: E) => boolean): E | undefined {
    let best = -1;
    let total = 0;
    for (let i = 0; i < this.endpoints.length; i++) {
      const endpoint = this.endpoints[i] as E;
      if (!eligible(endpoint)) continue;
      this.scores[i] = (this.scores[i] as number) + endpoint.weight;
      total += endpoint.weight;
      if (best < 0 || (this.scores[i] as number) > (this.scores[best] as number)) best = i;
    }
    if (best < 0) return undefined;
    this.scores[best] = (this.scores[best] as number) - total;
    return this.endpoints[best];
  }
}
