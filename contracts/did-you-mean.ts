/**
 * "Did you mean …?": the closest candidate by Damerau–Levenshtein distance (optimal string
 * alignment), or a candidate the misspelt word starts with / contains as a token
 * (`rto_traget` → `rto`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = damerauLevenshtein(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  const tokens = lower.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
  let bestLength = 0;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c.length < 2 || c === lower) continue;
    const hit = tokens.includes(c) || lower.startsWith(c) || c.startsWith(lower);
    if (hit && c.length > bestLength) {
      best = candidate;
      bestLength = c.length;
    }
  }
  return best;
}

/** A "did you mean" sentence, or undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const suggestion = closest(word, candidates);
  return suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`;
}

/** Optimal string alignment distance (insert, delete, substitute, transpose adjacent). */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  let previous2 = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      current[j] = value;
    }
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[b.length]!;
}
