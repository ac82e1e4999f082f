/**
 * The starter contract set `cordon init` writes: small, valid, and commented so that a
 * first-time author learns the language by editing it. (test/contracts/cli.test.ts checks
 * that it validates.) `cordon init` puts the editor's schema line on top of each file.
 */
export interface Template {
  /** Path relative to the target folder. */
  readonly path: string;
  readonly text: string;
}

export const STARTER: readonly Template[] = [
  {
    path: "classes.yaml",
    text: `# Data classes: how sensitive each kind of data is, and what happens to it where raw
# values may not go. Fields, stores and dependencies refer to these names.
apiVersion: cordon/v1
kind: DataClasses
classes:
  - name: public            # names: lower-case, a letter first, then a-z 0-9 _ -
    level: 0                # higher level = more sensitive
  - name: internal
    level: 1
  - name: personal          # identifies a natural person
    level: 2
    redaction: hash         # keep | truncate | mask | hash | replace | drop (default drop)
  - name: payment_card
    level: 3
    redaction: drop
    raw_in_telemetry: false # never raw in any telemetry sink, even an allowed one
    detectors: [pan]        # also scrub card numbers found in undeclared string values
`,
  },
  {
    path: "residency.yaml",
    text: `# Residency: the regions you run in, their jurisdictions, and where each class may go raw.
apiVersion: cordon/v1
kind: Residency
regions:                    # every region a sink, store or deployment names
  eu-west-1: { jurisdiction: EU }
  eu-central-1: { jurisdiction: EU }
  us-east-1: { jurisdiction: US }
rules:
  - class: personal
    allowed_in: [EU]        # jurisdictions or region ids where raw values may be ("*" = anywhere)
    redacted_allowed_in: ["*"]  # telemetry: where the redacted (hashed) form may go
  - class: payment_card
    allowed_in: [EU]
  - class: internal
    allowed_in: ["*"]
  - class: public
    allowed_in: ["*"]
default: deny               # a class with no rule stays in its origin jurisdiction
`,
  },
  {
    path: "tiers.yaml",
    text: `# Tiers: recovery targets, most critical first. Durations: 0s, 90s, 15m, 4h, 1d, 1h30m, PT15M, P1D.
apiVersion: cordon/v1
kind: Tiers
tiers:
  - name: tier-0
    rto: 15m                # recovery time objective
    rpo: 0s                 # recovery point objective (data you may lose)
    min_regions: 2
    drill_every: 90d        # a DR drill at least this often
  - name: tier-1
    rto: 1h
    rpo: 5m
  - name: tier-2
    rto: 24h
    rpo: 24h
`,
  },
  {
    path: "sinks.yaml",
    text: `# Sinks: where telemetry goes. The region decides the jurisdiction its data lands in.
apiVersion: cordon/v1
kind: Sink
name: eu-collector
region: eu-west-1
endpoint: https://otel.eu.example.com:4318   # scheme://host[:port][/path]
signals: [traces, logs, metrics]
`,
  },
  {
    path: "fields.yaml",
    text: `# A field set: shared field definitions services take with { ref: <key> }.
apiVersion: cordon/v1
kind: FieldSet
name: user-fields
fields:
  user.id: { class: personal, type: string, brief: "Stable user id" }
  user.email: { class: personal, type: string, redaction: drop }   # stricter than the class's hash
`,
  },
  {
    path: "services/example.yaml",
    text: `# A service: where it runs, what it stores, whom it calls, and the telemetry it may emit.
# Run \`cordon validate\` after every edit; \`cordon check\` applies the residency, egress and tier rules.
apiVersion: cordon/v1
kind: Service
name: example
owner: team-example
tier: tier-1
region: eu-west-1           # home region: the origin of its data
source: [services/example/src]  # scanned by \`cordon check --src\`
deployment:
  regions: [eu-west-1, eu-central-1]
  strategy: warm-standby    # active-active | warm-standby | pilot-light | backup-restore | none
  replication: { mode: async, max_lag: 30s }
  backup: { interval: 1h, regions: [eu-central-1] }
stores:
  - name: example-db
    kind: database
    regions: [eu-west-1, eu-central-1]
    classes: [personal, internal]
telemetry:
  sinks: [eu-collector]
  undeclared: drop          # attributes the contract does not declare are dropped
  uses: [user-fields]
  resource:
    service.name: { class: public, type: string }
  spans:
    - name: example.handle_request
      attributes:
        user.id: { ref: user.id }          # from the user-fields field set
        request.size: { class: internal, type: int }
  metrics:
    - name: example.requests
      instrument: counter
      attributes:
        http.response.status_code: { class: public, type: int }
`,
  },
];
