/** Terraform resource addresses: instance keys and module prefixes. */

/**
 * The address without instance keys (`[0]`, `["eu"]`), as the configuration names it.
 * Keys may be quoted strings holding `.`, `[` or `]`, so this scans rather than splits.
 */
export function withoutInstanceKeys(address: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i]!;
    if (depth > 0) {
      if (quoted) {
        if (ch === "\\") i++;
        else if (ch === '"') quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === "]") depth--;
      continue;
    }
    if (ch === "[") depth++;
    else out += ch;
  }
  return out;
}

/** Does a store's `iac:` entry name this resource? An entry without keys names every instance. */
export function addressMatches(entry: string, address: string, configAddress: string): boolean {
  return entry === address || (!entry.includes("[") && entry === configAddress);
}

/**
 * The config address a reference inside module `modulePath` (`module.a.module.b`, "" for root)
 * points at: `aws_db_instance.orders.arn` → `module.a.module.b.aws_db_instance.orders`;
 * `data.x.y.id` → `module.a.data.x.y`. Variables, locals, module outputs and the like: undefined.
 */
export function referencedResource(reference: string, modulePath: string): string | undefined {
  const parts = withoutInstanceKeys(reference).split(".");
  let resource: string | undefined;
  if (parts[0] === "data" && parts.length >= 3) resource = `data.${parts[1]}.${parts[2]}`;
  else if (parts.length >= 2 && /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(parts[0]!)) resource = `${parts[0]}.${parts[1]}`;
  if (resource === undefined) return undefined;
  return modulePath === "" ? resource : `${modulePath}.${resource}`;
}
