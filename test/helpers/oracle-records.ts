/**
 * The leak oracle's records (test/runtime/oracle.test.ts, bench/runtime-oracle.mjs): spans and
 * log records whose every text field may carry planted secrets, built from a seed with a fast
 * PRNG. The secrets come from the tests' own references, not from runtime/detectors.
 */
import type { Attributes } from "@opentelemetry/api";
import { CARD_NETWORKS, cardNumber, isCardNumber } from "./card-networks.js";

export interface Planted {
  readonly kind: "pan" | "email" | "customer" | "ipv4" | "ipv6" | "token" | "iban";
  readonly text: string;
}

export interface Text {
  readonly text: string;
  readonly planted: readonly Planted[];
}

interface Common {
  readonly id: number;
  readonly scope: Text;
  readonly attributes: Attributes;
  /** Every secret planted anywhere in the record. */
  readonly planted: readonly Planted[];
}
export interface SpanRecord extends Common {
  readonly signal: "span";
  readonly name: Text;
  readonly event: Text;
  readonly eventNote: Text;
  readonly status: Text;
  /** When the span is declared and its `note` holds one clean value only: that value. */
  readonly cleanNotes?: string;
}
export interface LogRecord extends Common {
  readonly signal: "log";
  readonly body: Text;
  readonly eventName: Text;
  readonly severity: Text;
}

/** mulberry32: a fast, seedable PRNG (the records must be cheap to make). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["order", "paid", "user", "GET", "/api/orders", "retry", "ok", "failed", "checkout", "payment", "für", "café", "注文"];
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX = "0123456789abcdef";
const UNICODE_LABELS = ["bücher", "müller-straße", "例え", "пример", "δοκιμή", "xn--bcher-kva"];
const TLDS = ["com", "org", "example", "рф", "中国", "xn--p1ai", "de"];
const SEPARATORS = ["", " ", "\u00a0", "-", "."];

export interface Pools {
  readonly ipv6: readonly string[];
  readonly ipv4: readonly string[];
}

export function makeRecords(seed: number, n: number, pools: Pools): (SpanRecord | LogRecord)[] {
  const random = prng(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chars = (alphabet: string, length: number) => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  const digits = (length: number) => chars("0123456789", length);

  const secret = (): Planted => {
    switch (int(7)) {
      case 0: {
        const network = pick(CARD_NETWORKS);
        const pan = cardNumber(network, int(1_000), int(10), Array.from({ length: 19 }, () => int(10)));
        const sep = pick(SEPARATORS);
        return { kind: "pan", text: pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`) };
      }
      case 1: {
        const local = int(2) ? chars("abcxyz0123._+", 1 + int(8)).replace(/^[._+]+/, "a") : pick(["ünal", "josé", "用户", "андрей"]);
        const domain = int(2) ? pick(UNICODE_LABELS) : chars("abcdefghij", 2 + int(6));
        return { kind: "email", text: `${local}@${domain}.${pick(TLDS)}` };
      }
      case 2:
        return { kind: "customer", text: `cus_${chars(ALNUM, 14)}` };
      case 3:
        return { kind: "ipv4", text: pick(pools.ipv4) };
      case 4:
        return { kind: "ipv6", text: pick(pools.ipv6) };
      case 5:
        return { kind: "token", text: `tok_${chars(HEX, 8)}` };
      default: {
        const bban = digits(18);
        const check = 98 - Number(BigInt(`${bban}131400`) % 97n);
        const iban = `DE${String(check).padStart(2, "0")}${bban}`;
        return { kind: "iban", text: int(2) ? iban.replace(/(.{4})(?=.)/g, "$1 ") : iban };
      }
    }
  };

  /** A value that is none of the secrets: a timestamp, an order number, a phone number, a uuid. */
  const cleanValue = (): string => {
    switch (int(5)) {
      case 0:
        return String(1_600_000_000_000 + int(300_000_000_000));
      case 1: {
        // a 16-digit order number that no card network could have issued (the oracle says so)
        for (;;) {
          const n = `${1 + int(9)}${digits(15)}`;
          if (!isCardNumber(n)) return n;
        }
      }
      case 2:
        return `ORD-${digits(4)}-${digits(6)}`;
      case 3:
        return pick([`+49 ${digits(3)} ${digits(4)} ${digits(4)}`, `+1 ${digits(3)} ${digits(3)} ${digits(4)}`, `(${digits(3)}) ${digits(3)}-${digits(4)}`, `0${digits(3)} ${digits(7)}`]);
      default:
        return `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-${pick(["8", "9", "a", "b"])}${chars(HEX, 3)}-${chars(HEX, 12)}`;
    }
  };

  const text = (): Text => {
    const parts: string[] = [];
    const planted: Planted[] = [];
    for (let i = 1 + int(3); i > 0; i--) {
      const roll = random();
      if (roll < 0.45) parts.push(pick(WORDS));
      else if (roll < 0.65) parts.push(cleanValue());
      else {
        const s = secret();
        planted.push(s);
        parts.push(s.kind === "ipv6" && int(2) ? `peer:${s.text}` : s.text);
      }
    }
    return { text: parts.join(" "), planted };
  };

  const records: (SpanRecord | LogRecord)[] = [];
  for (let id = 0; id < n; id++) {
    const scope = int(8) === 0 ? text() : { text: pick(["app", "http", "db"]), planted: [] };
    const fields = Array.from({ length: 9 }, text);
    const tags = Array.from({ length: int(4) }, text);
    const planted = [...scope.planted, ...fields.flatMap((f) => f.planted), ...tags.flatMap((t) => t.planted)];
    if (int(4) === 0) {
      const [body, eventName, severity, note, email] = fields as [Text, Text, Text, Text, Text];
      records.push({
        signal: "log", id, scope, body: { text: `${id} ${body.text}`, planted: body.planted }, eventName, severity, planted,
        attributes: { note: note.text, tags: tags.map((t) => t.text), email: email.text, debug: fields[5]!.text },
      });
      continue;
    }
    const [name, event, eventNote, status, note, email, ip, token, iban] = fields as [Text, Text, Text, Text, Text, Text, Text, Text, Text];
    const declared = int(3) !== 0;
    const cleanOnly = declared && int(3) === 0 ? cleanValue() : undefined;
    const card = secret();
    records.push({
      signal: "span", id, scope,
      name: declared ? { text: "op", planted: [] } : name,
      event, eventNote, status,
      attributes: {
        note: cleanOnly ?? note.text,
        tags: tags.map((t) => t.text),
        count: id,
        email: email.text,
        ip: ip.text,
        token: token.text,
        iban: iban.text,
        card: card.text,
        emails: [email.text, name.text],
        debug: status.text,
      },
      planted: [...planted, card, ...(cleanOnly === undefined ? [] : [])].filter((p) => cleanOnly === undefined || !note.planted.includes(p)),
      ...(cleanOnly === undefined ? {} : { cleanNotes: cleanOnly }),
    });
  }
  return records;
}

const digitsOf = (s: string) => s.replace(/[^0-9]/g, "");

/**
 * The received strings joined by a character no planted secret contains (NUL, and a non-digit
 * for the digits-only form), so that one `includes` per secret asks "is it inside any of them"
 * (a redacted log is checked against every log's secrets: per-string loops made this the
 * oracle's largest cost).
 */
const SEPARATOR = "\u0000";

/** The planted secrets (of the kinds whose detector runs at the sink) found in what the sink received. */
export function leaksIn(received: readonly string[], planted: readonly Planted[], active: ReadonlySet<Planted["kind"]>): string[] {
  const leaks: string[] = [];
  const all = received.join(SEPARATOR);
  let allDigits: string | undefined;
  for (const p of planted) {
    if (!active.has(p.kind)) continue;
    const whole = all.includes(p.text);
    const needle = p.kind === "pan" ? digitsOf(p.text) : "";
    if (!whole && !(p.kind === "pan" && (allDigits ??= received.map(digitsOf).join(SEPARATOR)).includes(needle))) continue;
    const s = received.find((r) => r.includes(p.text) || (p.kind === "pan" && digitsOf(r).includes(needle)))!;
    leaks.push(`${p.kind} ${JSON.stringify(p.text)} in ${JSON.stringify(s.slice(0, 120))}`);
  }
  return leaks;
}
