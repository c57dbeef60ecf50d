// Telemetry with the real OpenTelemetry SDK registered globally, as a partner's app does, and no
// option of the kit: token requests produce the spans and metrics.
import { context, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenService } from '../handler/token-service.js';
import { VERSION } from '../config/version.js';
import { createRedisTokenCache } from '../redis/token-cache.js';
import { cacheContext } from '../test-utils/cache-context.js';
import {
  API_KEY,
  API_SECRET,
  deferred,
  fakeUpstream,
  makeJwt,
  mint,
  tokenEnvelope,
  upstreamError,
} from '../test-utils/fake-upstream.js';
import type { Responder } from '../test-utils/fake-upstream.js';
import { DAY, setup } from '../test-utils/handler-setup.js';
import { manualTimers } from '../test-utils/manual-timers.js';
import { createOpenTelemetryLoader } from './open-telemetry.js';
import { SCOPE } from './telemetry-names.js';

let spans: InMemorySpanExporter;
let tracerProvider: BasicTracerProvider;
let metricExporter: InMemoryMetricExporter;
let reader: PeriodicExportingMetricReader;
let meterProvider: MeterProvider;

beforeEach(() => {
  spans = new InMemorySpanExporter();
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  trace.setGlobalTracerProvider(tracerProvider);
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
});

afterEach(async () => {
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
});

interface Point {
  attributes: Record<string, unknown>;
  value: number;
}

/** Every metric exported so far, by name: unit and data points (a histogram's count as value). */
async function collect() {
  await reader.forceFlush();
  const latest = metricExporter.getMetrics().at(-1);
  const byName = new Map<string, { unit: string; points: Point[] }>();
  for (const scope of latest?.scopeMetrics ?? []) {
    expect(scope.scope.name).toBe('@zipteams/server');
    expect(scope.scope.version).toBe('0.1.0');
    for (const metric of scope.metrics) {
      const points = (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => ({
        attributes: { ...point.attributes },
        value: typeof point.value === 'number' ? point.value : point.value.count,
      }));
      byName.set(metric.descriptor.name, { unit: metric.descriptor.unit, points });
    }
  }
  return byName;
}

/** The sum over the points of `name` whose attributes include `match`. */
async function total(name: string, match: Record<string, unknown> = {}) {
  const metric = (await collect()).get(name);
  return (metric?.points ?? [])
    .filter((point) =>
      Object.entries(match).every(([key, value]) => point.attributes[key] === value),
    )
    .reduce((sum, point) => sum + point.value, 0);
}

const finished = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);
const tenant = (tenantId: string) => ({ tenantId, subTenantId: 'sales' });

describe('given an SDK registered globally and no option of the kit', () => {
  it('should trace each token request and each upstream call, the upstream-call count exact', async () => {
    const gate = deferred<undefined>();
    const { get, upstream } = setup({
      responders: [
        async (call, index) => {
          await gate.promise;
          return mint()(call, index);
        },
      ],
    });
    const burst = [
      ...Array.from({ length: 5 }, () => get(tenant('acme'))),
      ...Array.from({ length: 3 }, () => get(tenant('beta'))),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve(undefined);
    expect((await Promise.all(burst)).every((response) => response.status === 200)).toBe(true);
    expect((await get(tenant('acme'))).status).toBe(200);

    expect(upstream.calls).toHaveLength(2);
    const requests = finished('zipteams.token_request');
    const calls = finished('GET');
    expect(requests).toHaveLength(9);
    expect(calls).toHaveLength(2);

    for (const span of requests) {
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(span.attributes).toMatchObject({
        'zipteams.caller': 'handler',
        'zipteams.subtenant.id': 'sales',
        'http.response.status_code': 200,
      });
      expect(span.attributes['error.type']).toBeUndefined();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }
    const outcomes = requests.map((span) => span.attributes['zipteams.cache.outcome']);
    expect(outcomes.filter((outcome) => outcome === 'miss')).toHaveLength(8);
    expect(outcomes.filter((outcome) => outcome === 'hit')).toHaveLength(1);

    const requestIds = new Set(requests.map((span) => span.spanContext().spanId));
    for (const span of calls) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(requestIds.has(span.parentSpanContext?.spanId ?? '')).toBe(true);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'server.address': 'api.zipteams.com',
        'server.port': 443,
        'url.full': 'https://api.zipteams.com/api/v1/partner/dashboard/auth/token',
      });
    }
    expect(calls.map((span) => span.attributes['zipteams.tenant.id']).sort()).toEqual([
      'acme',
      'beta',
    ]);

    const collected = await collect();
    expect(await total('zipteams.upstream.calls')).toBe(2);
    expect(await total('zipteams.upstream.calls', { 'zipteams.upstream.outcome': 'success' })).toBe(
      2,
    );
    expect(collected.get('zipteams.upstream.duration')?.unit).toBe('s');
    expect(await total('zipteams.upstream.duration')).toBe(2);
    expect(await total('zipteams.cache.requests', { 'zipteams.cache.outcome': 'miss' })).toBe(8);
    expect(await total('zipteams.cache.requests', { 'zipteams.cache.outcome': 'hit' })).toBe(1);
  });

  it('should mark a failed request and its upstream call as errors, with the code', async () => {
    const { get } = setup({ responders: [upstreamError(500, 'Internal server error')] });
    expect((await get()).status).toBe(502);

    const [request] = finished('zipteams.token_request');
    expect(request?.attributes).toMatchObject({
      'http.response.status_code': 502,
      'error.type': 'upstream_error',
      'zipteams.cache.outcome': 'miss',
    });
    expect(request?.status.code).toBe(SpanStatusCode.ERROR);
    const [call] = finished('GET');
    expect(call?.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': 'upstream_error',
    });
    expect(call?.status.code).toBe(SpanStatusCode.ERROR);
    expect(
      await total('zipteams.upstream.calls', {
        'zipteams.upstream.outcome': 'failure',
        'error.type': 'upstream_error',
        'http.response.status_code': 500,
      }),
    ).toBe(1);
  });

  it('should count a request sent again on a reset connection on the call span', async () => {
    const reset = () =>
      Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    const { get, upstream } = setup({ responders: [reset, mint()] });
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
    const calls = finished('GET');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.attributes).toMatchObject({
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
    expect(await total('zipteams.upstream.calls')).toBe(1);
  });

  it('should leave a 401 (nobody signed in) unmarked and count no cache outcome', async () => {
    const { handler } = setup({ resolveTenant: () => null });
    expect((await handler(new Request('https://partner.example/token'))).status).toBe(401);
    const [request] = finished('zipteams.token_request');
    expect(request?.attributes).toMatchObject({
      'http.response.status_code': 401,
      'error.type': 'unauthenticated',
    });
    expect(request?.status.code).toBe(SpanStatusCode.UNSET);
    expect(await total('zipteams.cache.requests')).toBe(0);
  });

  it('should count a token served stale after a failed refresh', async () => {
    const { get, advance } = setup({ responders: [mint(), upstreamError(500)] });
    await get();
    // Past the server's refresh point (15 min before expiry), before the browser's (10 min).
    advance(DAY - 12 * 60);
    expect((await get()).status).toBe(200);
    expect(finished('zipteams.token_request').at(-1)?.attributes['zipteams.cache.outcome']).toBe(
      'stale',
    );
    expect(await total('zipteams.cache.requests', { 'zipteams.cache.outcome': 'stale' })).toBe(1);
  });

  it('should count budget waits and refusals', async () => {
    const time = manualTimers();
    const { get, upstream } = setup({
      ...time,
      upstreamLimit: { requests: 1, intervalMs: 1_000 },
      budgetWaitMs: 2_000,
    });
    expect((await get(tenant('a'))).status).toBe(200);
    const waiting = get(tenant('b'));
    await time.advance(0);
    // The third would wait 2.5 s, past the 2 s allowed.
    expect((await get(tenant('c'))).status).toBe(429);
    await time.advance(1_250);
    expect((await waiting).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
    expect(await total('zipteams.budget.waits')).toBe(1);
    expect(await total('zipteams.budget.refusals')).toBe(1);
    expect(await total('zipteams.upstream.calls')).toBe(2);
  });

  it('should trace getToken as a token request of its own', async () => {
    const service = createTokenService({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      resolveTenant: () => null,
      fetch: fakeUpstream().fetch,
      logger: false,
    });
    await service.getToken(tenant('acme'));
    const [request] = finished('zipteams.token_request');
    expect(request?.attributes).toMatchObject({
      'zipteams.caller': 'getToken',
      'zipteams.tenant.id': 'acme',
      'zipteams.cache.outcome': 'miss',
    });
    expect(request?.attributes['http.response.status_code']).toBeUndefined();
    expect(finished('GET')).toHaveLength(1);
  });

  it('should count Redis going down and coming back', async () => {
    let healthy = false;
    const client = {
      sendCommand: () =>
        healthy ? Promise.resolve(null) : Promise.reject(new Error('connect ECONNREFUSED')),
    };
    let now = 0;
    const cache = createRedisTokenCache({ client, cooldownMs: 1_000 }).attach(
      cacheContext({ now: () => now }),
    );
    for (let i = 0; i < 3; i++) await cache.get('k');
    healthy = true;
    now += 1_000;
    await cache.get('k');
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      await total('zipteams.redis.state_changes', { 'zipteams.redis.state': 'degraded' }),
    ).toBe(1);
    expect(
      await total('zipteams.redis.state_changes', { 'zipteams.redis.state': 'recovered' }),
    ).toBe(1);
  });
});

describe('given what telemetry exports', () => {
  const leaky = makeJwt({ tenantId: 'acme', subTenantId: 'sales', iat: 1, exp: 2 });
  const scenarios: [string, Responder][] = [
    ['success', mint()],
    ['403', upstreamError(403, `Forbidden for ${API_KEY}`)],
    ['429', upstreamError(429, 'Rate limit exceeded. Try again in 60 seconds.')],
    ['500', upstreamError(500)],
    ['an error echoing the secret', () => Promise.reject(new Error(`bad header ${API_SECRET}`))],
    ['an expired token', () => tokenEnvelope(leaky)],
  ];

  it.each(scenarios)(
    'should carry no key, secret or token in any span or metric (%s)',
    async (_, responder) => {
      const { get } = setup({ responders: [responder, mint()] });
      const first = await get();
      const tokens = [leaky];
      if (first.status === 200) tokens.push(((await first.json()) as { token: string }).token);
      await get(tenant('other'));

      const exported: ReadableSpan[] = spans.getFinishedSpans();
      expect(exported.length).toBeGreaterThan(0);
      const spanText = inspect(
        exported.map((span) => ({
          name: span.name,
          attributes: span.attributes,
          status: span.status,
          events: span.events,
          links: span.links,
        })),
        { depth: 10 },
      );
      const metricText = inspect([...(await collect()).entries()], { depth: 10 });
      for (const text of [spanText, metricText]) {
        for (const secret of [API_KEY, API_SECRET, ...tokens]) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
      }
      // Metrics never carry a tenant.
      expect(metricText).not.toMatch(/acme|other|sales|zipteams\.tenant|zipteams\.subtenant/);
    },
  );
});

describe('given no OpenTelemetry to load', () => {
  it('should not load the package while no SDK registered anything', async () => {
    trace.disable();
    metrics.disable();
    const key = Symbol.for('opentelemetry.js.api.1');
    const registry = Reflect.get(globalThis, key) as unknown;
    Reflect.deleteProperty(globalThis, key);
    try {
      let imported = 0;
      const load = createOpenTelemetryLoader(async () => {
        imported++;
        return {};
      });
      expect(await load()).toBeUndefined();
      expect(imported).toBe(0);
    } finally {
      Reflect.set(globalThis, key, registry);
    }
  });

  it.each([
    [
      'a missing package',
      () => Promise.reject(new Error("Cannot find package '@opentelemetry/api'")),
    ],
    [
      'an import that throws at once',
      () => {
        throw new Error('dynamic import is not supported');
      },
    ],
    ['a module of another shape', () => Promise.resolve({ trace: {} })],
  ])('should resolve to nothing, never throw, for %s', async (_, importer) => {
    const load = createOpenTelemetryLoader(importer as () => Promise<unknown>);
    await expect(load()).resolves.toBeUndefined();
    await expect(load()).resolves.toBeUndefined();
  });
});

describe('given the instrumentation scope', () => {
  it("should name the tracer and meter after the package, with package.json's version", () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { name: string; version: string };
    expect(SCOPE).toBe(manifest.name);
    expect(VERSION).toBe(manifest.version);
  });
});
