/**
 * The fewest UTF-16 units any match of a user pattern spans, read from the pattern's source
 * (`cus_[A-Za-z0-9]{14}`: 18), so that shorter values, most ids, enums and routes, are ruled
 * out before any search. A lower bound: every character, class, `.` or character escape counts
 * one unit (a code point is one or two), assertions (`^`, `$`, `\b`, lookarounds) and
 * back-references none, an alternation its shortest branch, a quantifier its minimum times its
 * atom. What it does not recognise makes the whole answer 0 (no value ruled out): it may say too
 * little, never too much (test/runtime/detectors.test.ts checks it against the engine's matches).
 *
 * The sources are `u`-mode patterns the contract validator accepted and `new RegExp(source, "u")`
 * compiled, so the syntax is strict (no stray `{`, no legacy octal escapes).
 */
export function minMatchLength(source: string): number {
  const parser = new MinLength(source);
  const length = parser.disjunction();
  return parser.done() ? length : 0;
}

class MinLength {
  private i = 0;
  private failed = false;

  constructor(private readonly s: string) {}

  /** Did the parse reach the end of the source without meeting anything it does not know? */
  done(): boolean {
    return !this.failed && this.i === this.s.length;
  }

  /** `a|b|…` up to the end or a `)`: its shortest branch. */
  disjunction(): number {
    let shortest = this.alternative();
    while (!this.failed && this.s[this.i] === "|") {
      this.i++;
      shortest = Math.min(shortest, this.alternative());
    }
    return shortest;
  }

  /** Terms up to `|`, `)` or the end: their sum. */
  private alternative(): number {
    let sum = 0;
    while (!this.failed && this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === "|" || c === ")") break;
      const atom = this.atom();
      sum += atom * this.quantifier();
    }
    return sum;
  }

  private atom(): number {
    const s = this.s;
    const c = s[this.i]!;
    if (c === "^" || c === "$") {
      this.i++;
      return 0;
    }
    if (c === "(") return this.group();
    if (c === "[") return this.characterClass();
    if (c === "\\") return this.escape();
    if (c === "*" || c === "+" || c === "?" || c === "{" || c === "}" || c === "]") return this.fail();
    const code = s.charCodeAt(this.i);
    if (code >= 0xd800 && code <= 0xdbff && this.i + 1 < s.length) {
      // an astral character is one atom (a quantifier after it repeats both units)
      this.i += 2;
      return 2;
    }
    this.i++;
    return 1; // `.` or a literal character
  }

  private group(): number {
    const s = this.s;
    this.i++; // (
    let assertion = false;
    if (s[this.i] === "?") {
      const next = s[this.i + 1];
      if (next === ":") this.i += 2;
      else if (next === "=" || next === "!") {
        this.i += 2;
        assertion = true;
      } else if (next === "<" && (s[this.i + 2] === "=" || s[this.i + 2] === "!")) {
        this.i += 3;
        assertion = true;
      } else if (next === "<") {
        const close = s.indexOf(">", this.i);
        if (close < 0) return this.fail();
        this.i = close + 1;
      } else return this.fail();
    }
    const inner = this.disjunction();
    if (s[this.i] !== ")") return this.fail();
    this.i++;
    return assertion ? 0 : inner;
  }

  /** `[…]`: one character (a `u`-mode class holds no nested class). */
  private characterClass(): number {
    const s = this.s;
    for (let i = this.i + 1; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === "]") {
        this.i = i + 1;
        return 1;
      }
    }
    return this.fail();
  }

  private escape(): number {
    const s = this.s;
    const c = s[this.i + 1];
    if (c === undefined) return this.fail();
    this.i += 2;
    if (c === "b" || c === "B") return 0;
    if (c >= "1" && c <= "9") {
      // a back-reference: it may match the empty string
      while (s[this.i]! >= "0" && s[this.i]! <= "9") this.i++;
      return 0;
    }
    if (c === "k") {
      if (s[this.i] !== "<") return this.fail();
      const close = s.indexOf(">", this.i);
      if (close < 0) return this.fail();
      this.i = close + 1;
      return 0;
    }
    if (c === "p" || c === "P" || (c === "u" && s[this.i] === "{")) {
      if (s[this.i] !== "{") return this.fail();
      const close = s.indexOf("}", this.i);
      if (close < 0) return this.fail();
      this.i = close + 1;
      return 1;
    }
    if (c === "u") return this.hexDigits(4);
    if (c === "x") return this.hexDigits(2);
    if (c === "c") {
      this.i++;
      return 1;
    }
    return 1; // \d \w \s \D \W \S \t \n \0 …, or a character escaped for itself
  }

  private hexDigits(n: number): number {
    for (let k = 0; k < n; k++) {
      if (!/[0-9A-Fa-f]/.test(this.s[this.i + k] ?? "")) return this.fail();
    }
    this.i += n;
    return 1;
  }

  /** After an atom: how many times at least it repeats (1 without a quantifier). */
  private quantifier(): number {
    const s = this.s;
    const q = s[this.i];
    let times = 1;
    if (q === "*" || q === "?") {
      this.i++;
      times = 0;
    } else if (q === "+") {
      this.i++;
    } else if (q === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.i));
      if (m === null) return this.fail();
      this.i += m[0].length;
      times = Number(m[1]);
    } else {
      return 1;
    }
    if (s[this.i] === "?") this.i++; // lazy
    return times;
  }

  private fail(): number {
    this.failed = true;
    this.i = this.s.length;
    return 0;
  }
}
