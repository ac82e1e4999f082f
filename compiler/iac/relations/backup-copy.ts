import { blocks, knownRegion, pointedAt, pointingAt, regionOfArn, unknownRegion } from "../links.js";
import type { IacResource } from "../model.js";
import { copyIn, type Copy, type Relation } from "./relation.js";

export const relation: Relation = {
  id: "aws/backup-copy",
  docs: {
    summary: "AWS Backup copy destinations",
    what: "An `aws_backup_selection` whose `resources` include the store's resource puts it under an `aws_backup_plan` (`plan_id`); each `rule.copy_action.destination_vault_arn` of that plan copies every recovery point to that vault's region (from the ARN, or from the `aws_backup_vault` it refers to). The backup vault of the rule itself (`target_vault_name`) holds a copy too.",
  },
  sources: [],
  copiesOf(source, index) {
    const copies: Copy[] = [];
    const plans = new Set<IacResource>();
    for (const selection of pointingAt(index, source, ["aws_backup_selection"], "resources")) {
      for (const plan of pointedAt(index, selection, "plan_id", ["aws_backup_plan"])) plans.add(plan);
    }
    for (const plan of plans) {
      const rules = blocks(plan.values["rule"]);
      const vaults = pointedAt(index, plan, "rule", ["aws_backup_vault"]);
      const knownArns = new Set<unknown>(
        rules.flatMap((rule) => blocks(rule["copy_action"]).map((action) => action["destination_vault_arn"])).filter((arn) => typeof arn === "string"),
      );
      for (const rule of rules) {
        const home = vaults.find((vault) => vault.values["name"] === rule["target_vault_name"]);
        if (home) copies.push(copyIn(relation, home, "AWS Backup vault", "backup"));
        // A vault created in the same plan has no ARN yet: the one vault the rule refers to that is neither home nor named by a known ARN.
        const pending = vaults.filter((vault) => vault !== home && !knownArns.has(vault.values["arn"]));
        for (const action of blocks(rule["copy_action"])) {
          const arn = action["destination_vault_arn"];
          const region = regionOfArn(arn);
          const vault = vaults.find((v) => typeof arn === "string" && v.values["arn"] === arn) ?? (arn === undefined && pending.length === 1 ? pending[0] : undefined);
          if (vault) copies.push(copyIn(relation, vault, "AWS Backup copy", "backup"));
          else if (region !== undefined) copies.push({ relation: relation.id, holder: String(arn), region: knownRegion(region), kind: "backup", what: "AWS Backup copy" });
          else copies.push({ relation: relation.id, holder: plan.address, region: unknownRegion("its copy action's destination vault is known only after apply"), kind: "backup", what: "AWS Backup copy" });
        }
      }
    }
    return copies;
  },
};
