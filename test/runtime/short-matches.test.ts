/**
 * A user pattern may match a single character (`^[XY]$`, a one-letter grade code): the runtime
 * skips scanning strings shorter than its detectors' shortest match, and that bound must come
 * from the detectors themselves, not from the built-ins (the Collector scans every value; a
 * fixed "shorter than two characters needs no scan" let one-character hits through).
 */
import { describe, expect, it } from "vitest";
import { DetectionCache, SinkContext, createHasher, type DetectorSpec, type FieldSlot } from "../../runtime/index.js";

const SLOTS: FieldSlot[] = [
  { where: "span:s", key: "grade", action: "keep" },
  { where: "span:s", key: "grades", action: "keep" },
];
const GRADE: DetectorSpec = { class: "grade", detector: { pattern: "^[XY]$" }, action: { kind: "drop" } };
const MASKED: DetectorSpec = { class: "grade", detector: { pattern: "^[XY]$" }, action: { kind: "replace", with: "graded" } };

function sinks(eu: DetectorSpec[], us: DetectorSpec[]) {
  const hasher = createHasher("k");
  const cache = new DetectionCache([...eu, ...us].map((d) => d.detector));
  const r0 = new SinkContext("eu", SLOTS, eu, hasher, cache);
  const r1 = new SinkContext("us", SLOTS, us, hasher, cache);
  return { r0, r1, P: r0.pass([r0, r1]) };
}

describe("a detector that matches one character", () => {
  it("fires on a one-character value at a sink's own path (kept text, arrays, free text)", () => {
    const { r1 } = sinks([], [GRADE]);
    expect(r1.keepText("X", 0)).toBeUndefined();
    expect(r1.keepText("Q", 0)).toBe("Q");
    expect(r1.scan(["ok", "Y"])).toBeUndefined();
    expect(r1.detect("X")).toEqual({ kind: "drop" });
    expect(r1.stats().detectors[0]!.hits).toBe(3);
  });

  it("fires in the all-sinks pass: the shared verdict names the sink whose detector matched", () => {
    const { r0, r1, P } = sinks([], [MASKED]);
    const d = P.text("X", 0, -1);
    expect(d).not.toBe(0);
    expect(r0.keepIfClean("X", d, 0)).toBe("X"); // no detector at eu: raw is allowed there
    expect(r1.keepIfClean("X", d, 0)).toBe("graded");
    const e = P.strings(["ok", "Y"], 1, -1);
    expect(e).not.toBe(0);
  });

  it("changes nothing for built-ins: no built-in matches one character", () => {
    const { r1 } = sinks([], [{ class: "card", detector: "pan", action: { kind: "drop" } }, { class: "net", detector: "ipv6", action: { kind: "drop" } }]);
    expect(r1.keepText("X", 0)).toBe("X");
    expect(r1.keepText("2001:db8::1", 0)).toBeUndefined();
  });
});
