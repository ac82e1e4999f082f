import type { Finding, Location, RuleMeta } from "../../../contracts/finding.js";

const ID = "source/missing-source";

export const rule = {
  id: ID,
  severity: "error",
  docs: {
    summary: "A service's `source:` entry matches no file, or holds something that cannot be read, so `check --src` would not see its code.",
    what:
      "An entry of a service's `source:` (a folder, a file or a glob, relative to the contracts folder's parent) that names " +
      "no existing path and, read as a glob, matches no TypeScript or JavaScript file. An entry that names an existing " +
      "path is that path, whatever characters it holds (Next.js folders such as `app/[slug]` included); glob syntax " +
      "applies only otherwise. What under an entry could not be seen is reported the same way, by path and reason: a " +
      "folder or file that cannot be read (permissions, an I/O error), a source file with a syntax error, a link out of the project (the folder that holds " +
      "the contracts folder), a dangling link, a link loop, a FIFO, socket or device named like a source file. Links to " +
      "files and folders inside the project are followed.",
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

/** The finding for an entry under which `items` (paths relative to the entry) could not be seen. */
export function unseenSource(service: string, entry: string, items: readonly { path: string; why: string }[], location: Location | undefined): Finding {
  const shown = items.slice(0, 10).map((u) => `\`${u.path}\` ${u.why}`).join("; ") + (items.length > 10 ? `; and ${items.length - 10} more` : "");
  return {
    rule: ID,
    severity: rule.severity,
    subject: `${service}/source:${entry}`,
    message: `\`source:\` entry \`${entry}\` of service \`${service}\`: ${shown} — ${items.length === 1 ? "it was" : "they were"} not scanned`,
    hint: "make what the gate could not read readable by the user that runs it, point links at files inside the project, or move these paths out of the service's `source:`",
    ...(location ? { location } : {}),
  };
}
