import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * The exporting half of common/tracing.ts, loaded by `startTracing` only when tracing is
 * on: the SDK and the OTLP exporter cost every process start a noticeable fraction of a
 * second, for nothing when no collector is configured.
 *
 * Registers a global tracer provider exporting batched spans to `url` (OTLP/HTTP, JSON) as
 * `service.name` = `serviceName`; a root span takes the trace id `nextTraceId()` names,
 * else a random one. Returns the stop, which sends what is batched.
 */
export function registerSpanExport(serviceName: string, url: string, nextTraceId: () => string | undefined): () => Promise<void> {
  const random = new RandomIdGenerator();
  const idGenerator: IdGenerator = {
    generateTraceId: () => nextTraceId() ?? random.generateTraceId(),
    generateSpanId: () => random.generateSpanId(),
  };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    idGenerator,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  // Global: the AsyncLocalStorage context manager carries the active span through awaits.
  provider.register();
  return () => provider.shutdown();
}
