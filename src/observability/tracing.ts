import { createRequire } from 'node:module';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';

/** `OTEL_TRACES_EXPORTER`: `none` (default) or `console` (one JSON line per span on stdout, beside the logs). */
export const TRACES_EXPORTERS = ['none', 'console'] as const;

export interface WorkerTracing {
  activityInterceptors: ActivityInterceptorsFactory[];
  /** The workflow side; used when the worker bundles at start (a prebuilt WORKFLOW_BUNDLE has none built in). */
  workflowModules: string[];
  sinks: InjectedSinks<Record<string, never>>;
  shutdown(): Promise<void>;
}

/**
 * Optional OpenTelemetry tracing through @temporalio/interceptors-opentelemetry, off unless OTEL_TRACES_EXPORTER is
 * set: a span per activity (and per workflow task when the worker bundles its workflows), carried across
 * workflow → activity by Temporal headers. Spans name activities and ids, never roster data. To send them to a
 * collector instead, swap JsonLineSpanExporter for an OTLP exporter here (one package, not installed by default).
 */
export function tracingFromEnvironment(env: NodeJS.ProcessEnv, logger: PinoLogger): WorkerTracing | undefined {
  const choice = env.OTEL_TRACES_EXPORTER ?? 'none';
  if (!(TRACES_EXPORTERS as readonly string[]).includes(choice)) throw new Error(`environment variable OTEL_TRACES_EXPORTER: expected one of ${TRACES_EXPORTERS.join(', ')}, got '${choice}'`);
  if (choice === 'none') return undefined;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME ?? 'ist-export-worker' });
  const processor = new BatchSpanProcessor(new JsonLineSpanExporter(logger), { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const tracer = provider.getTracer('ist-export');
  const require = createRequire(import.meta.url);
  return {
    activityInterceptors: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
    sinks: { exporter: makeWorkflowExporter(processor, resource) } as unknown as InjectedSinks<Record<string, never>>,
    shutdown: () => provider.shutdown(),
  };
}

/** Finished spans as JSON lines through the process logger (msg "span"), for a log-based trace pipeline. */
export class JsonLineSpanExporter implements SpanExporter {
  constructor(private readonly logger: PinoLogger) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    for (const span of spans) {
      const ctx = span.spanContext();
      this.logger.info(
        {
          traceId: ctx.traceId,
          spanId: ctx.spanId,
          parentSpanId: span.parentSpanId,
          span: span.name,
          kind: span.kind,
          durationMs: span.duration[0] * 1000 + span.duration[1] / 1e6,
          status: span.status.code,
          attributes: span.attributes,
        },
        'span',
      );
    }
    done({ code: 0 }); // ExportResultCode.SUCCESS
  }

  async shutdown(): Promise<void> {}
}
