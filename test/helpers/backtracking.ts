/**
 * A backtracking regular-expression matcher that counts its steps: the oracle for "this
 * pattern never takes long", measured in work instead of wall-clock time. It implements the
 * ECMAScript semantics (§22.2.2, RepeatMatcher with its empty-iteration check) of the small
 * language the property tests generate: `a`, `b`, `$`, groups, `|`, and the greedy and lazy
 * quantifiers `*`, `+`, `?`. Any other syntax throws, so a generator that grows past it fails
 * loudly instead of being judged wrongly.
 */

type Node =
  | { readonly kind: "char"; readonly char: string }
  | { readonly kind: "end" }
  | { readonly kind: "seq"; readonly items: readonly Node[] }
  | { readonly kind: "alt"; readonly alternatives: readonly Node[] }
  | { readonly kind: "repeat"; readonly body: Node; readonly min: number; readonly max: number; readonly lazy: boolean };

export class BudgetExceeded extends Error {}

export function parse(pattern: string): Node {
  let i = 0;
  const alternation = (): Node => {
    const alternatives = [sequence()];
    while (pattern[i] === "|") {
      i++;
      alternatives.push(sequence());
    }
    return alternatives.length === 1 ? alternatives[0]! : { kind: "alt", alternatives };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (i < pattern.length && pattern[i] !== "|" && pattern[i] !== ")") {
      let atom: Node;
      const c = pattern[i]!;
      if (c === "a" || c === "b") {
        atom = { kind: "char", char: c };
        i++;
      } else if (c === "$") {
        items.push({ kind: "end" });
        i++;
        continue;
      } else if (c === "(") {
        i++;
        atom = alternation();
        if (pattern[i] !== ")") throw new Error(`unsupported pattern ${pattern}`);
        i++;
      } else throw new Error(`unsupported pattern ${pattern}`);
      const q = pattern[i];
      if (q === "*" || q === "+" || q === "?") {
        i++;
        const lazy = pattern[i] === "?";
        if (lazy) i++;
        atom = { kind: "repeat", body: atom, min: q === "+" ? 1 : 0, max: q === "?" ? 1 : Infinity, lazy };
      }
      items.push(atom);
    }
    return { kind: "seq", items };
  };
  const root = alternation();
  if (i !== pattern.length) throw new Error(`unsupported pattern ${pattern}`);
  return root;
}

/** `new RegExp(pattern).test(input)`, counting every matcher step; throws BudgetExceeded past `budget`. */
export function countedTest(pattern: string, input: string, budget: number): { matched: boolean; steps: number } {
  const root = parse(pattern);
  let steps = 0;
  const step = () => {
    if (++steps > budget) throw new BudgetExceeded(`${pattern} on ${input.length} characters: over ${budget} steps`);
  };
  const match = (node: Node, at: number, next: (at: number) => boolean): boolean => {
    step();
    switch (node.kind) {
      case "char":
        return input[at] === node.char && next(at + 1);
      case "end":
        return at === input.length && next(at);
      case "seq": {
        const from = (k: number, position: number): boolean => (k === node.items.length ? next(position) : match(node.items[k]!, position, (p) => from(k + 1, p)));
        return from(0, at);
      }
      case "alt":
        return node.alternatives.some((alternative) => match(alternative, at, next));
      case "repeat": {
        const repeat = (count: number, position: number): boolean => {
          step();
          const more = () =>
            count < node.max &&
            // An iteration past the minimum that matches nothing fails (RepeatMatcher's empty check).
            match(node.body, position, (p) => (p === position && count >= node.min ? false : repeat(count + 1, p)));
          const stop = () => count >= node.min && next(position);
          return node.lazy ? stop() || more() : more() || stop();
        };
        return repeat(0, at);
      }
    }
  };
  for (let start = 0; start <= input.length; start++) {
    if (match(root, start, () => true)) return { matched: true, steps };
  }
  return { matched: false, steps };
}
