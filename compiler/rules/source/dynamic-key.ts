import type { RuleMeta } from "../../../contracts/finding.js";

export const rule = {
  id: "source/dynamic-key",
  severity: "warning",
  docs: {
    summary: "A telemetry attribute key cannot be resolved statically, so it cannot be checked against the contract.",
    what:
      "An emission site uses an attribute key (or a whole attribute object) whose value cordon cannot work out " +
      "from the source. Keys are followed the way a reader of the code follows them: literals, `as const`, const " +
      "variables, imported constants (the ATTR_* of @opentelemetry/semantic-conventions too, from cordon's own copy " +
      "when the project has no node_modules), enum members, template literals, object literals returned by helper " +
      "functions, parameters (to the argument of every call site), objects built by `attrs[K] = v` before they are " +
      "passed, spreads, loops over constant arrays, and methods dispatched through interfaces or base classes to " +
      "every implementation. This warning is for what is left, and its message says why: which parameter of which " +
      "function, which computed part, which library call, or which bound (depth, call sites, implementations) was hit.",
    why:
      "A key that cannot be read cannot be checked: it may be declared, or it may carry personal data to a sink " +
      "where it must not go. cordon never skips such a site silently.",
    fix:
      "For a parameter or a helper's result: pass an object whose keys are written out at every call site, or type " +
      "it with the generated module's attribute type. For a key computed at run time: write one call per key the " +
      "contract declares (or declare the keys it can take). Or emit through the generated typed helpers.",
    example: [
      "span.setAttribute(`order.${field}`, value);        // field is only known at run time",
      "// fix: one call per declared key",
      "span.setAttribute(\"order.id\", order.id);",
    ].join("\n"),
  },
} as const satisfies RuleMeta;
