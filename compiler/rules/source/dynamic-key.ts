import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "source/dynamic-key",
  severity: "warning",
  docs: {
    summary: "A telemetry attribute key cannot be resolved statically, so it cannot be checked against the contract.",
    what:
      "An emission site uses an attribute key (or a whole attribute object) whose value cordon cannot work out " +
      "from the source: a key computed at run time, a parameter typed `Attributes`, an object from another " +
      "function. Literals, `as const`, const variables, imported constants (including the ATTR_* constants of " +
      "@opentelemetry/semantic-conventions), enum members, computed keys, spreads and template literals of those " +
      "all resolve; this warning is for what is left.",
    why:
      "A key that cannot be read cannot be checked: it may be declared, or it may carry personal data to a sink " +
      "where it must not go. cordon never skips such a site silently.",
    fix:
      "Use a constant (a literal, an `as const` object, an enum or a semantic-conventions constant) for the key, " +
      "or emit through the generated typed helpers, whose parameter types list the declared keys.",
    example: [
      "span.setAttribute(`order.${field}`, value);        // field is only known at run time",
      "// fix: one call per declared key",
      "span.setAttribute(\"order.id\", order.id);",
    ].join("\n"),
  },
} as const satisfies RuleMeta;
