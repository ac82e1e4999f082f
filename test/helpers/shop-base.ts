/**
 * A small, valid organisation to start rule tests from: each test changes one thing and
 * asserts the one finding it causes (and that the base alone causes none).
 */
export const BASE: Record<string, string> = {
  "classes.yaml": `apiVersion: cordon/v1
kind: DataClasses
classes:
  - name: public
    level: 0
    redaction: drop
  - name: internal
    level: 1
  - name: personal
    level: 2
    redaction: hash
  - name: payment_card
    level: 3
    redaction: drop
    raw_in_telemetry: false
    detectors: [pan]
`,
  "residency.yaml": `apiVersion: cordon/v1
kind: Residency
regions:
  eu-west-1: { jurisdiction: EU }
  eu-central-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
rules:
  - class: public
    allowed_in: ["*"]
  - class: internal
    allowed_in: ["*"]
  - class: personal
    allowed_in: [EU]
    redacted_allowed_in: ["*"]
  - class: payment_card
    allowed_in: [EU]
    redacted_allowed_in: [EU]
default: deny
`,
  "tiers.yaml": `apiVersion: cordon/v1
kind: Tiers
tiers:
  - name: tier-0
    rto: 15m
    rpo: 0s
    min_regions: 2
    drill_every: 90d
  - name: tier-1
    rto: 1h
    rpo: 5m
  - name: tier-2
    rto: 24h
    rpo: 24h
`,
  "sinks.yaml": `apiVersion: cordon/v1
kind: Sink
name: eu-collector
region: eu-west-1
endpoint: https://otel.eu.example:4318
signals: [traces, logs, metrics]
---
apiVersion: cordon/v1
kind: Sink
name: vendor-apm
region: us-east-1
endpoint: https://otlp.us.vendor.example:4318
signals: [traces, metrics]
`,
  "checkout.yaml": `apiVersion: cordon/v1
kind: Service
name: checkout
owner: team-payments
tier: tier-0
region: eu-west-1
deployment:
  regions: [eu-west-1, eu-central-1]
  strategy: warm-standby
  replication: { mode: sync }
  backup: { interval: 1h, regions: [eu-central-1] }
  drill: { date: 2026-10-02, rto: 9m, rpo: 0s, result: passed }
stores:
  - name: orders-db
    kind: database
    regions: [eu-west-1, eu-central-1]
    classes: [personal, internal]
dependencies:
  - service: payments
    hard: true
    sends: [personal, payment_card]
  - service: recommendations
    hard: false
telemetry:
  sinks: [eu-collector, vendor-apm]
  spans:
    - name: checkout.place_order
      attributes:
        order.id: { class: internal, type: string }
        user.email: { class: personal, type: string }
        payment.card_number: { class: payment_card, type: string, redaction: drop }
  logs:
    attributes:
      user.id: { class: personal, type: string }
`,
  "payments.yaml": `apiVersion: cordon/v1
kind: Service
name: payments
owner: team-payments
tier: tier-0
region: eu-central-1
deployment:
  regions: [eu-central-1, eu-west-1]
  strategy: active-active
  replication: { mode: sync }
  drill: { date: 2026-09-15, rto: 2m, rpo: 0s, result: passed }
stores:
  - name: ledger
    kind: database
    regions: [eu-central-1, eu-west-1]
    classes: [payment_card, personal]
telemetry:
  sinks: [eu-collector]
`,
  "recommendations.yaml": `apiVersion: cordon/v1
kind: Service
name: recommendations
owner: team-discovery
tier: tier-2
region: us-east-1
deployment:
  regions: [us-east-1]
  strategy: backup-restore
  replication: { mode: none }
  backup: { interval: 12h, regions: [us-east-1] }
telemetry:
  sinks: [vendor-apm]
`,
};

/** BASE with some files replaced (or added); `null` removes a file. */
export function withFiles(changes: Record<string, string | null>): Record<string, string> {
  const files: Record<string, string> = { ...BASE };
  for (const [name, text] of Object.entries(changes)) {
    if (text === null) delete files[name];
    else files[name] = text;
  }
  return files;
}

/** BASE with a text substitution in one file (the substitution must apply). */
export function editing(file: string, from: string, to: string): Record<string, string> {
  const text = BASE[file];
  if (text === undefined || !text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  return withFiles({ [file]: text.replace(from, to) });
}
