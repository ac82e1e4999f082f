/** "You may also like" for a cart, and the weekly digest e-mail. */
import { metrics, trace } from "@opentelemetry/api";
import { logs, SeverityNumber } from "@opentelemetry/api-logs";
import { MODEL_VERSION, type Recommender } from "./model.js";

const tracer = trace.getTracer("recommendations", "1.8.0");
const logger = logs.getLogger("recommendations");
const served = metrics.getMeter("recommendations").createCounter("recommendations.served");

/** Attribute keys of this service; `as const` keeps them literal for the type checker. */
const Attr = {
  model: "reco.model",
  count: "reco.count",
} as const;

/** checkout sends the cart's SKUs only: no customer data crosses the Atlantic. */
export async function forCart(skus: readonly string[], recommender: Recommender): Promise<string[]> {
  return tracer.startActiveSpan("recommendations.for_cart", async (span) => {
    try {
      const result = await recommender.similarTo(skus, 8);
      span.setAttributes({ "cart.skus": [...skus], [Attr.model]: MODEL_VERSION, [Attr.count]: result.length });
      served.add(result.length, { [Attr.model]: MODEL_VERSION });
      return result;
    } finally {
      span.end();
    }
  });
}

export interface DigestRecipient {
  readonly customerId: string;
  readonly email: string;
}

export async function buildDigest(recipient: DigestRecipient, recommender: Recommender): Promise<string[]> {
  return tracer.startActiveSpan("recommendations.build_digest", async (span) => {
    try {
      // Raw to the US sinks for US customers; the e-mail address only ever as a hash.
      span.setAttribute("user.id", recipient.customerId);
      span.setAttribute("user.email", recipient.email);
      const result = await recommender.forCustomer(recipient.customerId, 12);
      span.setAttributes({ [Attr.model]: MODEL_VERSION, [Attr.count]: result.length });
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        body: "digest built",
        attributes: { "user.id": recipient.customerId, [Attr.model]: MODEL_VERSION },
      });
      return result;
    } finally {
      span.end();
    }
  });
}
