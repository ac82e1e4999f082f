/** Data inventory: class → fields → where each is emitted and what reaches each sink. */
import type { ContractSet } from "../../contracts/model.js";
import { describeAction } from "../describe.js";
import { fieldSites, type FlowTable, type TelemetryFlow } from "../flows.js";
import { findingsAbout, type FindingIndex } from "./finding-index.js";
import type { IacView } from "../iac/placement.js";
import type { FieldUse, InventoryClass, InventoryDependency, InventoryField, InventoryResource, InventoryStore } from "./model.js";

const siteKey = (service: string, where: string, key: string): string => `${service}\u0000${where}\u0000${key}`;

/** The resources `check --iac` found behind each store, keyed `<service>\0<store>`. */
function resourcesByStore(iac: IacView | undefined): Map<string, InventoryResource[]> {
  const byStore = new Map<string, InventoryResource[]>();
  for (const { service, store, resource, copies } of iac?.placements ?? []) {
    const key = `${service.name}\u0000${store.name}`;
    const list = byStore.get(key) ?? [];
    byStore.set(key, list);
    list.push({
      address: resource.address,
      region: resource.region.known ? resource.region.region : "unknown",
      copies: copies.map((copy) => ({ address: copy.holder, region: copy.region.known ? copy.region.region : "unknown", what: copy.what })),
    });
  }
  return byStore;
}

export function buildInventory(set: ContractSet, flows: FlowTable, index: FindingIndex, iac?: IacView): InventoryClass[] {
  const resources = resourcesByStore(iac);
  const idsAbout = (subjects: Iterable<string>): string[] => findingsAbout(index, subjects).map((f) => f.id);
  const residencySubjects = new Map<string, string[]>();
  for (const flow of flows.residency) {
    const key = `${flow.kind}\u0000${flow.service}\u0000${flow.store ?? flow.dependency ?? ""}\u0000${flow.class}`;
    const list = residencySubjects.get(key);
    if (list) list.push(flow.subject);
    else residencySubjects.set(key, [flow.subject]);
  }
  const residencyAbout = (kind: string, service: string, target: string, className: string): string[] =>
    idsAbout(residencySubjects.get(`${kind}\u0000${service}\u0000${target}\u0000${className}`) ?? []);
  const flowsAt = new Map<string, TelemetryFlow[]>();
  for (const flow of flows.telemetry) {
    const key = siteKey(flow.service, flow.where, flow.field.key);
    const list = flowsAt.get(key);
    if (list) list.push(flow);
    else flowsAt.set(key, [flow]);
  }

  // class → field key → field (first declaration wins for type/brief) with its uses
  const fieldsOf = new Map<string, Map<string, { type: string; brief?: string; fieldSet?: string; uses: FieldUse[] }>>();
  const storesOf = new Map<string, InventoryStore[]>();
  const sentTo = new Map<string, InventoryDependency[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const service of set.services.values()) {
    for (const site of fieldSites(service)) {
      const { field } = site;
      let byKey = fieldsOf.get(field.class);
      if (!byKey) fieldsOf.set(field.class, (byKey = new Map()));
      let entry = byKey.get(field.key);
      if (!entry) {
        entry = {
          type: field.type,
          ...(field.brief !== undefined ? { brief: field.brief } : {}),
          ...(field.fieldSet !== undefined ? { fieldSet: field.fieldSet } : {}),
          uses: [],
        };
        byKey.set(field.key, entry);
      }
      const raw: string[] = [];
      const redacted: string[] = [];
      const dropped: string[] = [];
      const siteFlows = flowsAt.get(siteKey(service.name, site.where, field.key)) ?? [];
      for (const flow of siteFlows) {
        if (flow.action.kind === "keep") raw.push(flow.sink);
        else if (flow.action.kind === "drop") dropped.push(flow.sink);
        else redacted.push(flow.sink);
      }
      entry.uses.push({
        service: service.name,
        signal: site.signal,
        where: site.where,
        ...(field.redaction ? { override: describeAction(field.redaction) } : {}),
        raw,
        redacted,
        dropped,
        findings: idsAbout(siteFlows.map((flow) => flow.subject)),
      });
    }
    for (const store of service.stores) {
      for (const className of store.classes) {
        const behind = resources.get(`${service.name}\u0000${store.name}`);
        push(storesOf, className, {
          service: service.name,
          store: store.name,
          kind: store.kind,
          regions: [...store.regions],
          findings: residencyAbout("store", service.name, store.name, className),
          ...(behind ? { resources: behind } : {}),
        });
      }
    }
    for (const dependency of service.dependencies) {
      for (const className of dependency.sends) {
        push(sentTo, className, {
          from: service.name,
          to: dependency.service,
          findings: residencyAbout("dependency", service.name, dependency.service, className),
        });
      }
    }
  }

  const classes = [...set.classes.values()].sort((a, b) => b.level - a.level || a.name.localeCompare(b.name));
  return classes.map((dataClass) => {
    const fields: InventoryField[] = [...(fieldsOf.get(dataClass.name) ?? new Map()).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, entry]) => ({ key, ...entry }));
    return {
      name: dataClass.name,
      level: dataClass.level,
      redaction: describeAction(dataClass.redaction),
      rawInTelemetry: dataClass.rawInTelemetry,
      detectors: dataClass.detectors.map((d) => (d.kind === "pattern" ? `pattern ${d.pattern}` : d.kind)),
      fields,
      stores: storesOf.get(dataClass.name) ?? [],
      sentTo: (sentTo.get(dataClass.name) ?? []).map((d) => `${d.from} -> ${d.to}`),
      dependencies: sentTo.get(dataClass.name) ?? [],
    };
  });
}
