/**
 * The RTO/RPO estimator of SPEC §3.3. Its assumptions come from the contract set (defaults
 * merged with Tiers `assumptions`) and every estimate says which assumption produced it,
 * so the report can show reviewers where a number comes from.
 */
import type { ContractSet, Service } from "../contracts/model.js";
import { formatDuration } from "./duration-format.js";

/** Seconds, or null for unbounded (no way to recover / no replication and no backup). */
export type Bound = number | null;

export interface Estimate {
  readonly service: string;
  /** RTO from the service's own strategy. */
  readonly ownRto: Bound;
  readonly ownRtoBasis: string;
  /** Effective RTO: the max of its own and its hard dependencies' effective RTOs. */
  readonly rto: Bound;
  readonly rtoBasis: string;
  /** The hard-dependency chain that sets `rto` when it is not the service's own, e.g. ["payments", "ledger"]. */
  readonly rtoLimitedBy: readonly string[];
  readonly rpo: Bound;
  readonly rpoBasis: string;
  /** The hard-dependency cycle the service sits on, if any (first service repeated at the end). */
  readonly cycle?: readonly string[];
}

/** a > b, where null is unbounded. */
export function exceeds(a: Bound, b: Bound): boolean {
  if (a === null) return b !== null;
  if (b === null) return false;
  return a > b;
}

function maxBound(a: Bound, b: Bound): Bound {
  return exceeds(a, b) ? a : b;
}

export function formatBound(bound: Bound): string {
  return bound === null ? "unbounded" : formatDuration(bound);
}

function ownRto(set: ContractSet, service: Service): { rto: Bound; basis: string } {
  const strategy = service.deployment.strategy;
  const rto = set.assumptions.strategyRto[strategy];
  const source = set.assumptions.overridden[strategy] ? "contract assumption" : "default assumption";
  return {
    rto,
    basis:
      strategy === "none" && rto === null
        ? "strategy none: no recovery path"
        : `strategy ${strategy} (${formatBound(rto)}, ${source})`,
  };
}

function estimateRpo(service: Service): { rpo: Bound; basis: string } {
  const { replication, backup } = service.deployment;
  if (replication.mode === "sync") return { rpo: 0, basis: "sync replication" };
  if (replication.mode === "async" && replication.maxLag !== undefined) {
    return { rpo: replication.maxLag, basis: `async replication, max_lag ${formatDuration(replication.maxLag)}` };
  }
  if (backup) return { rpo: backup.interval, basis: `backup every ${formatDuration(backup.interval)}` };
  return { rpo: null, basis: "no replication and no backup" };
}

/**
 * Estimates for every service. Effective RTO is computed over hard-dependency chains with
 * an explicit stack (no recursion limit), and a hard-dependency cycle makes the RTO of every
 * service on it unbounded: none of them can come back before the others.
 */
export function estimateAll(set: ContractSet): Map<string, Estimate> {
  const own = new Map<string, { rto: Bound; basis: string }>();
  for (const service of set.services.values()) own.set(service.name, ownRto(set, service));

  const hardDeps = (name: string): string[] =>
    (set.services.get(name)?.dependencies ?? [])
      .filter((d) => d.hard && set.services.has(d.service))
      .map((d) => d.service);

  // Tarjan's strongly connected components, iteratively, to find hard-dependency cycles.
  const cycleOf = findCycles(
    [...set.services.keys()],
    hardDeps,
  );

  const effective = new Map<string, { rto: Bound; chain: string[] }>();
  const resolve = (start: string): void => {
    // Iterative post-order DFS; services on a cycle are resolved as unbounded up front.
    const stack: { name: string; expanded: boolean }[] = [{ name: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (effective.has(top.name)) {
        stack.pop();
        continue;
      }
      if (cycleOf.has(top.name)) {
        effective.set(top.name, { rto: null, chain: cycleOf.get(top.name)!.slice(1) });
        stack.pop();
        continue;
      }
      const deps = hardDeps(top.name);
      if (!top.expanded) {
        top.expanded = true;
        for (const dep of deps) if (!effective.has(dep)) stack.push({ name: dep, expanded: false });
        continue;
      }
      let best: { rto: Bound; chain: string[] } = { rto: own.get(top.name)!.rto, chain: [] };
      for (const dep of deps) {
        const depEstimate = effective.get(dep)!;
        if (exceeds(depEstimate.rto, best.rto)) best = { rto: depEstimate.rto, chain: [dep, ...depEstimate.chain] };
      }
      effective.set(top.name, best);
      stack.pop();
    }
  };

  const estimates = new Map<string, Estimate>();
  for (const service of set.services.values()) {
    resolve(service.name);
    const mine = own.get(service.name)!;
    const eff = effective.get(service.name)!;
    const rpo = estimateRpo(service);
    const cycle = cycleOf.get(service.name);
    let rtoBasis = mine.basis;
    if (cycle) rtoBasis = `hard-dependency cycle ${cycle.join(" -> ")}: none can recover before the others`;
    else if (eff.chain.length > 0) {
      rtoBasis = `hard dependency ${[service.name, ...eff.chain].join(" -> ")} (${formatBound(eff.rto)})`;
    }
    estimates.set(service.name, {
      service: service.name,
      ownRto: mine.rto,
      ownRtoBasis: mine.basis,
      rto: maxBound(mine.rto, eff.rto),
      rtoBasis,
      rtoLimitedBy: eff.chain,
      rpo: rpo.rpo,
      rpoBasis: rpo.basis,
      ...(cycle ? { cycle } : {}),
    });
  }
  return estimates;
}

/**
 * For every node on a cycle of `edges`, one cycle through it (as a path starting and ending
 * at the node). Iterative Tarjan, so a 10,000-long chain cannot overflow the stack.
 */
export function findCycles(nodes: readonly string[], edges: (node: string) => readonly string[]): Map<string, string[]> {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, string[]>();

  for (const root of nodes) {
    if (indexOf.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    indexOf.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges(frame.node);
      if (frame.next < out.length) {
        const to = out[frame.next++]!;
        if (!indexOf.has(to)) {
          indexOf.set(to, index);
          low.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === indexOf.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && edges(frame.node).includes(frame.node);
        if (component.length > 1 || selfLoop) {
          const members = new Set(component);
          for (const node of component) result.set(node, cyclePath(node, members, edges));
        }
      }
    }
  }
  return result;
}

/** A shortest path from `start` back to itself inside one strongly connected component (BFS). */
function cyclePath(start: string, members: ReadonlySet<string>, edges: (node: string) => readonly string[]): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of edges(node)) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
