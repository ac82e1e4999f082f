/**
 * The findings of a live run, counted as telemetry arrives. Memory is bounded by the number of
 * distinct findings, never by the traffic: each finding is one entry (subject, message, count,
 * one redacted example), and past `limit` distinct entries new ones are only counted, in one
 * overflow entry per rule and service, which says how many distinct findings it stands for.
 */
import type { NodeRef } from "../../contracts/model.js";

export type LiveRuleId =
  | "live/unknown-service"
  | "live/undeclared-field"
  | "live/wrong-type"
  | "live/misclassified"
  | "live/leak"
  | "live/unreadable";

/** What a new finding is made of (built only the first time its key is seen). */
export interface LiveFindingInit {
  readonly rule: LiveRuleId;
  readonly subject: string;
  /** The message without the count and example (added when the run is reported). */
  readonly message: string;
  readonly hint?: string;
  /** Candidate contract nodes, the first that exists wins. */
  readonly at: readonly (NodeRef | undefined)[];
  /** The redacted example. */
  readonly example?: string;
  /** The service the overflow entry is counted under (a declared service or "*"). */
  readonly service: string;
}

export interface LiveEntry extends LiveFindingInit {
  count: number;
  /** An overflow entry: it counts the occurrences of findings not kept. */
  overflow?: true;
}

export const DEFAULT_FINDING_LIMIT = 1000;

export class FindingTally {
  private readonly entries = new Map<string, LiveEntry>();
  private readonly overflow = new Map<string, LiveEntry>();
  private distinctOverflow = 0;
  /** Entries that count against the limit (all but live/unreadable). */
  private limited = 0;

  constructor(readonly limit: number = DEFAULT_FINDING_LIMIT) {}

  /**
   * Count one occurrence of the finding `key` (rule + raw subject parts). `init` is called only
   * when the key is new and there is room for it.
   */
  count(key: string, rule: LiveRuleId, service: string, init: () => LiveFindingInit, times = 1): void {
    const entry = this.entries.get(key);
    if (entry) {
      entry.count += times;
      return;
    }
    // live/unreadable has a fixed set of subjects (signal × reason): never lumped into an overflow.
    const bounded = rule === "live/unreadable";
    if (bounded || this.limited < this.limit) {
      if (!bounded) this.limited++;
      this.entries.set(key, { ...init(), count: times });
      return;
    }
    // Over the limit: counted, not kept (remembering the key would be memory per finding).
    const overflowKey = `${rule}\u0000${service}`;
    let over = this.overflow.get(overflowKey);
    if (!over) {
      const first = init();
      over = {
        rule,
        service,
        subject: service === "*" ? "* (over the limit)" : `${service}/* (over the limit)`,
        message: `more ${rule} findings than the limit of ${this.limit} distinct findings kept; the first one not kept: ${first.message}`,
        hint: "Fix the findings above and run again, or raise --max-findings.",
        at: first.at,
        ...(first.example !== undefined ? { example: first.example } : {}),
        count: 0,
        overflow: true,
      };
      this.overflow.set(overflowKey, over);
    }
    over.count += times;
    this.distinctOverflow += times;
  }

  /** Every entry, kept ones first, then the overflow entries. */
  all(): LiveEntry[] {
    return [...this.entries.values(), ...this.overflow.values()];
  }

  /** Distinct findings kept that count against the limit. */
  get size(): number {
    return this.limited;
  }

  /** Occurrences counted past the limit. */
  get overLimit(): number {
    return this.distinctOverflow;
  }
}
