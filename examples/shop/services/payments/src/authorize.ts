/**
 * Card authorisation. Written against the typed helpers generated from
 * contracts/services/payments.yaml: an attribute the contract does not declare, or a
 * value of the wrong type, is a compile error here rather than a finding in review.
 */
import { metrics, SpanStatusCode, trace } from "@opentelemetry/api";
import { logs, SeverityNumber } from "@opentelemetry/api-logs";
import {
  addEvent,
  createInstrument,
  emitLog,
  setSpanAttributes,
  startActiveSpan,
} from "../../../generated/payments.js";
import type { Psp, Vault } from "./psp.js";

const tracer = trace.getTracer("payments", "2.31.0");
const logger = logs.getLogger("payments");
const meter = metrics.getMeter("payments");

const authorizations = createInstrument(meter, "payments.authorizations", {
  description: "Authorisation attempts by result",
});
const authorizeDuration = createInstrument(meter, "payments.authorize.duration", {
  description: "Time to an answer from the PSP",
  unit: "ms",
});

export interface AuthorizeRequest {
  readonly paymentId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly currency: string;
  readonly card: { readonly number: string; readonly expiry: string; readonly cvc: string };
}

export type AuthorizeResult =
  | { readonly approved: true; readonly reference: string }
  | { readonly approved: false; readonly reason: string }
  | { readonly challenge: string };

export async function authorize(request: AuthorizeRequest, vault: Vault, psp: Psp): Promise<AuthorizeResult> {
  const attributes = {
    "payment.id": request.paymentId,
    "payment.amount": request.amount,
    "payment.currency": request.currency,
    "payment.method": "card",
    "user.id": request.customerId,
  };
  return startActiveSpan(tracer, "payments.authorize", attributes, async (span) => {
    const started = performance.now();
    try {
      // The PAN goes into the vault and nowhere else; from here on we hold a token.
      const card = await vault.tokenize(request.card);
      setSpanAttributes(span, "payments.authorize", {
        "payment.card_brand": card.brand,
        "payment.card_last4": card.last4,
        "payment.psp": psp.name,
      });

      const outcome = await psp.authorize(card, request.amount, request.currency);
      if (outcome.kind === "challenge") {
        addEvent(span, "payments.authorize", "payment.3ds_challenge", { "payment.psp": psp.name });
        return { challenge: outcome.redirectUrl };
      }
      if (outcome.kind === "declined") {
        addEvent(span, "payments.authorize", "payment.declined", {
          "decline.reason": outcome.reason,
          "decline.code": outcome.code,
        });
      }

      const result = outcome.kind === "approved" ? "approved" : "declined";
      authorizations.add(1, { "payment.result": result, "payment.card_brand": card.brand, "payment.psp": psp.name });
      emitLog(logger, {
        severityNumber: SeverityNumber.INFO,
        severityText: "INFO",
        body: `authorisation ${result}`,
        attributes: {
          "payment.id": request.paymentId,
          "payment.result": result,
          "payment.psp": psp.name,
          "user.id": request.customerId,
        },
      });
      return outcome.kind === "approved"
        ? { approved: true, reference: outcome.reference }
        : { approved: false, reason: outcome.reason };
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      authorizations.add(1, { "payment.result": "error", "payment.psp": psp.name });
      throw error;
    } finally {
      authorizeDuration.record(performance.now() - started, { "payment.psp": psp.name });
      span.end();
    }
  });
}
