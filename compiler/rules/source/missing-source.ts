import type { Finding, Location, RuleMeta } from "../../../contracts/finding.js";

const ID = "source/missing-source";

export const rule = {
  id: ID,
  severity: "error",
  docs: {
    summary: "A service's `source:` entry matches no file, so `check --src` would scan nothing there.",
    what:
      "An entry of a service's `source:` (a folder, a file or a glob, relative to the contracts folder's parent) that names " +
      "no existing path and, read as a glob, matches no TypeScript or JavaScript file. An entry that names an existing " +
      "path is that path, whatever characters it holds (Next.js folders such as `app/[slug]` included); glob syntax " +
      "applies only otherwise.",
    why:
      "A gate that scans nothing passes nothing: a moved folder, a typo or a starter path that was never filled in " +
      "would let every undeclared field and unlocked exporter of the service through while `check --src` reports success.",
    fix: "Point the entry at the service's source folder (relative to the folder that holds the contracts folder), or remove it.",
    example: [
      "kind: Service",
      "name: checkout",
      "source: [services/chekout/src]   # no such folder: source/missing-source",
      "# fix: source: [services/checkout/src]",
    ].join("\n"),
  },
} as const satisfies RuleMeta;

/** The finding for entry `entry` (index `index` of `source:`) of service `service`. */
export function missingSource(service: string, entry: string, location: Location | undefined): Finding {
  return {
    rule: ID,
    severity: rule.severity,
    subject: `${service}/source:${entry}`,
    message: `\`source:\` entry \`${entry}\` of service \`${service}\` matches no TypeScript or JavaScript file: nothing would be scanned for it`,
    hint: "point it at the service's source folder (relative to the folder that holds the contracts folder), or remove it",
    ...(location ? { location } : {}),
  };
}
