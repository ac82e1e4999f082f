/**
 * Per-value detector statements out of the way of records that do not need them.
 *
 * A place's group (./statements.ts) scans the record once (./scan.ts) and then runs, for every
 * value detectors look at, statements that each first test the scan's answer: on a record
 * without a possible match — nearly every record — each of them still costs an evaluation
 * (~150 ns in the Collector, 14 per span for examples/shop's EU gateway). The transform
 * processor evaluates a group's condition once per record and skips the whole group when it is
 * false, so the statements that wait for the scan move to one group per context whose
 * condition is the record's mark: the place's group marks the record with its own number, and
 * the detection group runs, of all the places' moved statements, those of that number.
 *
 * Run after the places' groups of the context (the moved statements touch only their own
 * keys and the staging keys of hashing; a span's free text stays in the place's group, since
 * the names there select later groups' records), and before any group of a later stage.
 */
import type { StatementGroup } from "./config.js";
import { HAS_HITS } from "./hits.js";
import { SCAN_END, SCAN_LOCAL, SCAN_MARK, SCAN_SLOT } from "./scan.js";

const GATE = `set(${SCAN_MARK}, true) where `;
const WAITS = `${SCAN_SLOT} == true`;

/** Does the statement do nothing unless the record is marked (`… where <mark> != nil and …`, no `or` outside brackets)? */
function requiresMark(statement: string): boolean {
  const at = statement.indexOf(` where ${SCAN_MARK} != nil`);
  if (at < 0) return false;
  const rest = statement.slice(at + ` where ${SCAN_MARK} != nil`.length);
  if (rest !== "" && !rest.startsWith(" and ")) return false;
  // string literals out of the way (they may hold brackets and `or`), then the top level for an `or`
  let depth = 0;
  const bare = rest.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (let i = 0; i < bare.length; i++) {
    if (bare[i] === "(") depth++;
    else if (bare[i] === ")") depth--;
    else if (depth === 0 && bare.startsWith(" or ", i)) return false;
  }
  return true;
}

/**
 * `groups` (one transform's, in order) with the scan-waiting statements of each moved to a detection group per context.
 *
 * A place whose scan only reads the shared stage's mark (./hits.ts) and that has nothing else
 * to do loses its group altogether: its moved statements test the place's own condition instead
 * of its number, and the detection group enters on the shared mark too. A record the shared
 * stage did not mark then costs that place nothing, not even its group's condition.
 */
export function detached(groups: readonly StatementGroup[]): StatementGroup[] {
  const detection = new Map<StatementGroup["context"], { id: number; statement: string }[]>();
  /** Places without a group of their own: their condition, by number. */
  const markOnly = new Map<number, string>();
  const onMark = new Set<StatementGroup["context"]>();
  let places = 0;
  const rewritten = groups.map((group): StatementGroup | undefined => {
    if (!group.statements.includes(SCAN_LOCAL)) return group;
    const id = ++places;
    const moved = detection.get(group.context) ?? [];
    detection.set(group.context, moved);
    const statements: string[] = [];
    for (const statement of group.statements) {
      if (statement === SCAN_LOCAL || statement === SCAN_END) continue;
      if (statement.startsWith(GATE)) statements.push(`set(${SCAN_MARK}, ${id}) where ${statement.slice(GATE.length)}`);
      else if (statement.includes(WAITS)) moved.push({ id, statement });
      else statements.push(statement);
    }
    const conditions = group.conditions ?? [];
    // the transform processor runs a group when any of its conditions holds
    const condition = conditions.length === 1 ? conditions[0]! : conditions.map((c) => `(${c})`).join(" or ");
    const readsMark = statements[0] === `set(${SCAN_MARK}, ${id}) where ${HAS_HITS}`;
    if (conditions.length > 0 && readsMark && statements.length === 1) {
      markOnly.set(id, condition);
      onMark.add(group.context);
      return undefined;
    }
    if (conditions.length > 0 && readsMark && statements.slice(1).every(requiresMark)) {
      // every statement needs the shared stage's mark (the first sets the place's own from it;
      // the others — a name it scans — test that): a record without it pays one lookup here,
      // where the place's condition (a merged "any other name" place tests every service) may cost many
      return { ...group, conditions: [`${HAS_HITS} and (${condition})`], statements };
    }
    return { ...group, statements };
  });
  if (places === 0) return [...groups];
  const detectionGroup = (context: StatementGroup["context"]): StatementGroup[] => {
    const moved = detection.get(context);
    if (!moved) return [];
    const statements = [
      `set(${SCAN_SLOT}, ${SCAN_MARK})`,
      SCAN_END,
      ...moved.map(({ id, statement }) => statement.replaceAll(WAITS, markOnly.has(id) ? `(${markOnly.get(id)!})` : `${SCAN_SLOT} == ${id}`)),
    ];
    return [{ context, conditions: [onMark.has(context) ? `${SCAN_MARK} != nil or ${HAS_HITS}` : `${SCAN_MARK} != nil`], statements }];
  };
  // each context's detection group after its last group (resources run last: theirs comes last)
  const out: StatementGroup[] = [];
  groups.forEach((group, i) => {
    const kept = rewritten[i];
    if (kept) out.push(kept);
    if (!groups.slice(i + 1).some((later) => later.context === group.context)) out.push(...detectionGroup(group.context));
  });
  return out;
}
