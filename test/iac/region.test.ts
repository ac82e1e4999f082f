/**
 * A resource's region, in SPEC §7's order: argument, provider configuration (aliases and
 * variables followed), ARN, availability zone; unknown-until-apply reported, never guessed.
 */
import { describe, expect, it } from "vitest";
import { resourcesOf } from "../../compiler/iac/terraform-json.js";
import type { RegionReading } from "../../compiler/iac/model.js";
import { plan, state, type TestPlan } from "./plan-builder.js";

function regions(document: unknown): Map<string, RegionReading> {
  return new Map(resourcesOf(document, "/tmp/plan.json", 1000).map((resource) => [resource.address, resource.region]));
}

const providers: TestPlan["providers"] = {
  aws: { regionRef: "var.region" },
  "aws.frankfurt": { region: "eu-central-1", alias: "frankfurt" },
  "aws.from_env": { alias: "from_env" },
};

describe("region of a resource", () => {
  const found = regions(
    plan({
      providers,
      variables: { region: "eu-west-1" },
      resources: [
        { address: "aws_sqs_queue.argument", values: { region: "eu-north-1", arn: "arn:aws:sqs:eu-west-1:1:q" } },
        { address: "aws_sqs_queue.root_variable", values: {} },
        { address: "aws_sqs_queue.alias", provider: "aws.frankfurt", values: {} },
        { address: "aws_sqs_queue.arn", provider: "aws.from_env", values: { arn: "arn:aws:sqs:ap-southeast-2:1:q" } },
        { address: "aws_db_instance.zone", provider: "aws.from_env", values: { availability_zone: "sa-east-1c" } },
        { address: "aws_db_instance.nothing", provider: "aws.from_env", values: {} },
        // configured, but its value comes from another resource: known only after apply
        { address: "aws_s3_bucket.configured_unknown", provider: "aws.frankfurt", refs: { region: ["random_pet.region.id"] }, unknown: ["region"] },
        // computed by the provider: the provider's region stands
        { address: "aws_s3_bucket.computed", provider: "aws.frankfurt", unknown: ["region", "arn"] },
      ],
    }),
  );

  it("takes the region argument first", () => expect(found.get("aws_sqs_queue.argument")).toEqual({ known: true, region: "eu-north-1", source: "argument" }));
  it("follows the default provider's region through a root variable", () =>
    expect(found.get("aws_sqs_queue.root_variable")).toEqual({ known: true, region: "eu-west-1", source: "provider" }));
  it("follows a provider alias", () => expect(found.get("aws_sqs_queue.alias")).toEqual({ known: true, region: "eu-central-1", source: "provider" }));
  it("falls back to the ARN", () => expect(found.get("aws_sqs_queue.arn")).toEqual({ known: true, region: "ap-southeast-2", source: "arn" }));
  it("falls back to the availability zone without its letter", () =>
    expect(found.get("aws_db_instance.zone")).toEqual({ known: true, region: "sa-east-1", source: "zone" }));
  it("reports a region it cannot know, naming why", () => {
    const reading = found.get("aws_db_instance.nothing");
    expect(reading?.known).toBe(false);
    expect(reading && !reading.known && reading.why).toMatch(/from_env sets no region/);
  });
  it("never guesses a configured region known only after apply from the provider", () => {
    const reading = found.get("aws_s3_bucket.configured_unknown");
    expect(reading).toEqual({ known: false, why: "its `region` argument is known only after apply" });
  });
  it("takes the provider's region for a computed region attribute", () =>
    expect(found.get("aws_s3_bucket.computed")).toEqual({ known: true, region: "eu-central-1", source: "provider" }));
});

describe("modules", () => {
  it("follows a module's own provider whose region is a module variable set by the root from a root variable", () => {
    const found = regions(
      plan({
        providers: {
          aws: { region: "eu-west-1" },
          "aws.paris": { region: "eu-west-3", alias: "paris" },
          "module.dr:aws": { regionRef: "var.dr_region", module_address: "module.dr" },
        },
        variables: { dr: "eu-central-2" },
        moduleCalls: { "module.dr": { dr_region: { references: ["var.dr"] } } },
        resources: [
          { address: "module.dr.aws_sqs_queue.q[0]", provider: "module.dr:aws", values: {} },
          // its key names a provider the module does not configure: the root's (aliased) one applies
          { address: "module.dr.aws_sqs_queue.inherited", provider: "module.dr:aws.paris", values: {} },
        ],
      }),
    );
    expect(found.get("module.dr.aws_sqs_queue.q[0]")).toEqual({ known: true, region: "eu-central-2", source: "provider" });
    expect(found.get("module.dr.aws_sqs_queue.inherited")).toEqual({ known: true, region: "eu-west-3", source: "provider" });
  });

  it("reads nested modules and instance keys", () => {
    const found = regions(
      plan({
        providers: { aws: { region: "eu-west-1" } },
        resources: [{ address: 'module.a["x"].aws_sqs_queue.q["b.c"]', values: {} }],
      }),
    );
    expect(found.get('module.a["x"].aws_sqs_queue.q["b.c"]')).toEqual({ known: true, region: "eu-west-1", source: "provider" });
  });
});

describe("state files (format 0.x and 1.x)", () => {
  for (const version of ["0.1", "1.0"]) {
    it(`reads format ${version} state: ARN and arguments, no configuration`, () => {
      const found = regions(
        state([
          { address: "aws_sqs_queue.q", values: { arn: "arn:aws:sqs:eu-west-1:1:q" } },
          { address: "google_sql_database_instance.db", values: { region: "europe-west1" } },
          { address: "azurerm_cosmosdb_account.c", values: { location: "westeurope" } },
        ], version),
      );
      expect(found.get("aws_sqs_queue.q")).toEqual({ known: true, region: "eu-west-1", source: "arn" });
      expect(found.get("google_sql_database_instance.db")).toEqual({ known: true, region: "europe-west1", source: "argument" });
      expect(found.get("azurerm_cosmosdb_account.c")).toEqual({ known: true, region: "westeurope", source: "argument" });
    });
  }

  it("skips data sources: they place nothing", () => {
    const document = state([{ address: "aws_sqs_queue.q", values: { arn: "arn:aws:sqs:eu-west-1:1:q" } }]);
    const rootModule = (document["values"] as { root_module: { resources: Record<string, unknown>[] } }).root_module;
    rootModule.resources.push({ address: "data.aws_region.current", mode: "data", type: "aws_region", name: "current", values: { name: "us-east-1" } });
    expect([...regions(document).keys()]).toEqual(["aws_sqs_queue.q"]);
  });
});
