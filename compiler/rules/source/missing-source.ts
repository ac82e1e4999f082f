import type { Finding, Location, RuleMeta } from "../../../contracts/finding.js";

const ID = "source/missing-source";

export const rule = {
  id: ID,
  severity: "error",
  docs: {
    summary: "A service's `source:` entry matches no file, or holds a folder that cannot be read, so `check --src` would not see its code.",
    what:
      "An entry of a service's `source:` (a folder, a file or a glob, relative to the contracts folder's parent) that names " +
      "no existing path and, read as a glob, matches no TypeScript or JavaScript file. An entry that names an existing " +
      "path is that path, whatever characters it holds (Next.js folders such as `app/[slug]` included); glob syntax " +
      "applies only otherwise. A folder under an entry that cannot be listed (permissions, an I/O error) is reported the " +
      "same way: its files were not scanned.",
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

/** The finding for an entry under which `folders` (relative to the entry) could not be read. */
export function unreadableSource(service: string, entry: string, folders: readonly string[], location: Location | undefined): Finding {
  const shown = folders.slice(0, 5).map((f) => `\`${f}\``).join(", ") + (folders.length > 5 ? ` and ${folders.length - 5} more` : "");
  return {
    rule: ID,
    severity: rule.severity,
    subject: `${service}/source:${entry}`,
    message: `\`source:\` entry \`${entry}\` of service \`${service}\`: ${folders.length === 1 ? "folder" : "folders"} ${shown} could not be read, so ${folders.length === 1 ? "its" : "their"} files were not scanned`,
    hint: "make the folder readable by the user that runs the gate (or move it out of the service's `source:`)",
    ...(location ? { location } : {}),
  };
}
