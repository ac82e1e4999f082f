/** GET /products/:id and GET /categories/:id, with a read-through cache. */
import { metrics, SpanStatusCode, trace } from "@opentelemetry/api";
import { logs, SeverityNumber } from "@opentelemetry/api-logs";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";

const tracer = trace.getTracer("catalog", "7.3.1");
const logger = logs.getLogger("catalog");
const meter = metrics.getMeter("catalog");

const productViews = meter.createCounter("catalog.product_views", { description: "Product page views" });
const stockLevel = meter.createGauge("catalog.stock_level", { description: "Units in stock, sampled on read" });

/** Attribute keys of our own, next to the semconv ones. */
const ATTR_PRODUCT_ID = "product.id";
const ATTR_CACHE_HIT = "cache.hit";

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly price: number;
  readonly stock: number;
  readonly categoryId: string;
}

export interface ProductSource {
  cached(id: string): Product | undefined;
  load(id: string): Promise<Product | undefined>;
}

export interface SearchClient {
  /** Category listings come from the search index (hard dependency, see the waiver). */
  listCategory(categoryId: string): Promise<readonly Product[]>;
}

export async function getProduct(path: string, id: string, source: ProductSource): Promise<Product | undefined> {
  return tracer.startActiveSpan("catalog.get_product", async (span) => {
    span.setAttributes({
      [ATTR_HTTP_REQUEST_METHOD]: "GET",
      [ATTR_HTTP_ROUTE]: "/products/:id",
      [ATTR_URL_PATH]: path,
      [ATTR_PRODUCT_ID]: id,
    });
    try {
      const hit = source.cached(id);
      span.setAttribute(ATTR_CACHE_HIT, hit !== undefined);
      const product = hit ?? (await source.load(id));
      if (!product) {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 404);
        return undefined;
      }
      span.setAttributes({
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
        "product.price": product.price,
        "product.stock": product.stock,
      });
      productViews.add(1, { "category.id": product.categoryId, [ATTR_CACHE_HIT]: hit !== undefined });
      stockLevel.record(product.stock, { [ATTR_PRODUCT_ID]: product.id });
      return product;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 500);
      logger.emit({
        severityNumber: SeverityNumber.ERROR,
        body: "product lookup failed",
        attributes: {
          [ATTR_PRODUCT_ID]: id,
          [ATTR_ERROR_TYPE]: error instanceof Error ? error.name : "unknown",
        },
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

export async function listCategory(categoryId: string, search: SearchClient): Promise<readonly Product[]> {
  const span = tracer.startSpan("catalog.list_category", {
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: "GET",
      [ATTR_HTTP_ROUTE]: "/categories/:id",
      "category.id": categoryId,
    },
  });
  try {
    const products = await search.listCategory(categoryId);
    span.setAttributes({ "result.count": products.length, [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200 });
    return products;
  } catch (error) {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 503);
    throw error;
  } finally {
    span.end();
  }
}
