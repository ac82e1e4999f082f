/**
 * The tests' own card-network table, written from the networks' published IIN ranges and PAN
 * lengths (independently of runtime/detectors/card-networks.ts, in another form: prefix texts
 * and ranges of prefix texts). The oracle for `pan`: a digit string is a card number when some
 * network's prefix starts it, its length is one that network issues, and it passes Luhn.
 */
import { luhnDigit } from "./luhn.js";

export interface CardNetwork {
  readonly name: string;
  /** Prefixes, `"4"` or a range of prefixes of one length, `"2221-2720"`. */
  readonly prefixes: readonly string[];
  readonly lengths: readonly number[];
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

export const CARD_NETWORKS: readonly CardNetwork[] = [
  { name: "Visa", prefixes: ["4"], lengths: [13, 16, 19] },
  { name: "Mastercard", prefixes: ["51-55", "2221-2720"], lengths: [16] },
  { name: "American Express", prefixes: ["34", "37"], lengths: [15] },
  { name: "Discover", prefixes: ["6011", "644-649", "65", "622126-622925"], lengths: range(16, 19) },
  { name: "Diners Club International", prefixes: ["36", "300-305", "3095", "38-39"], lengths: range(14, 19) },
  { name: "JCB", prefixes: ["3528-3589"], lengths: range(16, 19) },
  { name: "UnionPay", prefixes: ["62", "81"], lengths: range(16, 19) },
  { name: "Maestro", prefixes: ["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"], lengths: range(12, 19) },
  { name: "Maestro UK", prefixes: ["6759", "676770", "676774"], lengths: range(12, 19) },
  { name: "Dankort", prefixes: ["5019"], lengths: [16] },
  { name: "Mir", prefixes: ["2200-2204"], lengths: range(16, 19) },
  { name: "RuPay", prefixes: ["60", "65", "81", "82", "508", "353", "356"], lengths: [16] },
  { name: "Verve", prefixes: ["506099-506198", "650002-650027", "507865-507964"], lengths: [16, 18, 19] },
  { name: "Troy", prefixes: ["65", "9792"], lengths: [16] },
  { name: "UATP", prefixes: ["1"], lengths: [15] },
  { name: "InterPayment", prefixes: ["636"], lengths: range(16, 19) },
  { name: "InstaPayment", prefixes: ["637-639"], lengths: [16] },
  { name: "BORICA", prefixes: ["2205"], lengths: [16] },
  { name: "UzCard", prefixes: ["8600", "5614"], lengths: [16] },
  { name: "Humo", prefixes: ["9860"], lengths: [16] },
  { name: "GPN", prefixes: ["1946", "50", "56", "58", "60-63"], lengths: [16, 18, 19] },
  { name: "LankaPay", prefixes: ["357111"], lengths: [16] },
];

const expanded = new Map<CardNetwork, string[]>();

/** Every single prefix of a network (ranges expanded). */
export function prefixesOf(network: CardNetwork): string[] {
  let prefixes = expanded.get(network);
  if (prefixes === undefined) {
    prefixes = expand(network);
    expanded.set(network, prefixes);
  }
  return prefixes;
}

function expand(network: CardNetwork): string[] {
  return network.prefixes.flatMap((p) => {
    const [lo, hi] = p.split("-");
    if (hi === undefined) return [lo!];
    return range(Number(lo), Number(hi)).map(String);
  });
}

function luhnValid(digits: string): boolean {
  return luhnDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/** Is this digit string (digits only) a card number of some network? */
export function isCardNumber(digits: string): boolean {
  if (!/^\d+$/.test(digits) || !luhnValid(digits)) return false;
  return CARD_NETWORKS.some((n) => n.lengths.includes(digits.length) && prefixesOf(n).some((p) => digits.startsWith(p)));
}

/** A card number of `network` from a prefix choice, a length choice and body digits (0–9 each). */
export function cardNumber(network: CardNetwork, prefixIndex: number, lengthIndex: number, body: readonly number[]): string {
  const prefixes = prefixesOf(network);
  const prefix = prefixes[prefixIndex % prefixes.length]!;
  const length = network.lengths[lengthIndex % network.lengths.length]!;
  let digits = prefix;
  for (let i = 0; digits.length < length - 1; i++) digits += String(body[i % body.length] ?? 0);
  return digits + String(luhnDigit(digits));
}
