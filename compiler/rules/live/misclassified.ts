import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "live/misclassified",
  severity: "error",
  docs: {
    summary: "A detector of a more sensitive class fires on the value of a declared field.",
    what:
      "`cordon live-check` runs, on every string value of a declared field (and each string of an array), the " +
      "detectors of every data class with a higher `level` than the field's class. A hit means the field carries data " +
      "of a more sensitive class than it is declared with: an e-mail address in an `order.note` classed `internal`, a " +
      "card number in a free-text field. The finding keeps one redacted example (the value's shape, never the value).",
    why:
      "A field's class decides where its raw value may go. A field classed too low goes raw to sinks where the data it " +
      "really carries may not go; the runtime's detectors are defence in depth, and only for classes that declare them.",
    fix:
      "Class the field with the class the detector belongs to (or a stricter one), or stop putting such data in it " +
      "(e.g. keep customer free text out of telemetry).",
    example: [
      "# order.note arrives as \"xxxx@xxxxxxx.xxx\" (the email detector of class contact fires)",
      "order.note: { class: internal, type: string }   # before",
      "order.note: { class: contact, type: string }    # the fix",
    ].join("\n"),
  },
} as const satisfies RuleMeta;
