/**
 * The part of `@opentelemetry/api` 1.x this package calls, typed here: the optional peer's own
 * types never reach this package's declarations, so a partner without it type-checks too.
 */
export interface OpenTelemetryApi {
  readonly trace: {
    getTracerProvider(): object;
    getTracer(name: string, version?: string): Tracer;
    setSpan(context: OtelContext, span: Span): OtelContext;
  };
  readonly metrics: {
    getMeterProvider(): object;
    getMeter(name: string, version?: string): Meter;
  };
  readonly context: {
    active(): OtelContext;
    with<T>(context: OtelContext, fn: () => T): T;
  };
  readonly SpanKind: { readonly INTERNAL: number; readonly CLIENT: number };
  readonly SpanStatusCode: { readonly ERROR: number };
}

/** An OpenTelemetry context: opaque here, handed back to the API as it came. */
export type OtelContext = object;

/** Span and metric attributes: low-cardinality values only, never a key, secret or token. */
export type Attributes = Readonly<Record<string, string | number | boolean>>;

export interface Span {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}

export interface Tracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Attributes },
    context?: OtelContext,
  ): Span;
}

export interface Counter {
  add(value: number, attributes?: Attributes): void;
}

export interface Histogram {
  record(value: number, attributes?: Attributes): void;
}

export interface Meter {
  createCounter(name: string, options?: { description?: string; unit?: string }): Counter;
  createHistogram(
    name: string,
    options?: {
      description?: string;
      unit?: string;
      advice?: { explicitBucketBoundaries?: number[] };
    },
  ): Histogram;
}

/**
 * Where `@opentelemetry/api` 1.x keeps what an SDK registers (tracer and meter providers, the
 * context manager). Present once any copy of the API registered something.
 */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const NOT_LOADED: Promise<undefined> = Promise.resolve(undefined);

/**
 * A loader of `@opentelemetry/api` that never throws and loads at most once: undefined while
 * no SDK has registered anything (nothing would read a span: the package is not even loaded, so
 * a partner without OpenTelemetry pays one property lookup per request), and undefined for good
 * when the package is missing or unusable.
 */
export function createOpenTelemetryLoader(
  importApi: () => Promise<unknown>,
): () => Promise<OpenTelemetryApi | undefined> {
  let loading: Promise<OpenTelemetryApi | undefined> | undefined;
  return () => {
    if (loading) return loading;
    if (!(OTEL_GLOBAL in globalThis)) return NOT_LOADED;
    try {
      loading = importApi().then(usableApi, () => undefined);
    } catch {
      loading = NOT_LOADED;
    }
    return loading;
  };
}

/** The name in a variable: bundlers must neither bundle nor fail on a peer that is not installed. */
const PEER = '@opentelemetry/api';

/** `@opentelemetry/api`, shared by the handler and the Redis cache of this process. */
export const openTelemetry = createOpenTelemetryLoader(
  () => import(/* webpackIgnore: true */ /* @vite-ignore */ PEER) as Promise<unknown>,
);

function usableApi(module: unknown): OpenTelemetryApi | undefined {
  const api = (
    isObject(module) && isObject(module['default']) && !('trace' in module)
      ? module['default']
      : module
  ) as Partial<Record<keyof OpenTelemetryApi, unknown>>;
  const usable =
    isObject(api) &&
    isObject(api.trace) &&
    typeof api.trace['getTracer'] === 'function' &&
    isObject(api.metrics) &&
    typeof api.metrics['getMeter'] === 'function' &&
    isObject(api.context) &&
    isObject(api.SpanKind) &&
    isObject(api.SpanStatusCode);
  return usable ? (api as OpenTelemetryApi) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
