/**
 * Which services a regional gateway may serve (SPEC §4). A gateway sees raw telemetry, so it
 * is a processing location under residency, like a store: it accepts a service only when every
 * class of the service's declared telemetry fields may be raw in the gateway's region for that
 * service's origin. Everything else is dropped (and counted) at the gateway's door.
 */
import type { ContractSet, Service } from "../../contracts/model.js";
import { fieldSites } from "../flows.js";
import { rawAllowedIn } from "../residency.js";

/** The classes of every declared telemetry field of the service (resource, spans, events, logs, metrics). */
export function telemetryClasses(service: Service): Set<string> {
  return new Set(fieldSites(service).map((site) => site.field.class));
}

/** May the raw telemetry of `service` be processed in `region`? */
export function gatewayAccepts(set: ContractSet, service: Service, region: string): boolean {
  for (const className of telemetryClasses(service)) {
    if (!rawAllowedIn(set, className, service.jurisdiction, region)) return false;
  }
  return true;
}

/** The services a gateway in `region` accepts, in declaration order. */
export function acceptedServices(set: ContractSet, region: string): Service[] {
  return [...set.services.values()].filter((service) => gatewayAccepts(set, service, region));
}

/** Does the service send anything to any sink (else a gateway has no pipeline for it)? */
function exports(set: ContractSet, service: Service): boolean {
  return service.telemetry.sinks.some((name) => (set.sinks.get(name)?.signals.length ?? 0) > 0);
}

/** Would a gateway in `region` have anything to do: an accepted service that exports? */
export function serves(set: ContractSet, region: string): boolean {
  return acceptedServices(set, region).some((service) => exports(set, service));
}

/** The declared regions whose gateway can serve at least one service, in declaration order. */
export function servingRegions(set: ContractSet): string[] {
  return [...set.regions.keys()].filter((region) => serves(set, region));
}
