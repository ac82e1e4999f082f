/** Refunds, traced with the plain OpenTelemetry API (no generated helpers needed). */
import { trace } from "@opentelemetry/api";
import { logs, SeverityNumber } from "@opentelemetry/api-logs";
import type { Psp } from "./psp.js";

const tracer = trace.getTracer("payments", "2.31.0");
const logger = logs.getLogger("payments");

export type RefundReason = "customer_request" | "out_of_stock" | "fraud";

export async function refund(paymentId: string, reference: string, amount: number, reason: RefundReason, psp: Psp): Promise<void> {
  await tracer.startActiveSpan(
    "payments.refund",
    { attributes: { "payment.id": paymentId, "payment.amount": amount, "refund.reason": reason } },
    async (span) => {
      try {
        await psp.refund(reference, amount);
        logger.emit({
          severityNumber: SeverityNumber.INFO,
          body: "refund sent to PSP",
          attributes: { "payment.id": paymentId, "payment.result": "refunded", "payment.psp": psp.name },
        });
      } finally {
        span.end();
      }
    },
  );
}
