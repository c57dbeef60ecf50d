import { VERSION } from '../config/version.js';
import type { Counter, Histogram, OpenTelemetryApi, Tracer } from './open-telemetry.js';
import {
  DURATION_BUCKETS,
  METRIC_BUDGET_REFUSALS,
  METRIC_BUDGET_WAITS,
  METRIC_CACHE_REQUESTS,
  METRIC_REDIS_STATE_CHANGES,
  METRIC_UPSTREAM_CALLS,
  METRIC_UPSTREAM_DURATION,
  SCOPE,
} from './telemetry-names.js';

/** The tracer and every instrument, from the providers registered now. */
export interface Instruments {
  readonly tracer: Tracer;
  readonly upstreamCalls: Counter;
  readonly upstreamDuration: Histogram;
  readonly cacheRequests: Counter;
  readonly budgetWaits: Counter;
  readonly budgetRefusals: Counter;
  readonly redisStateChanges: Counter;
}

let made: { tracers: object; meters: object; instruments: Instruments } | undefined;

/**
 * The instruments of the providers registered now. Made again when a provider changes: the
 * metrics API hands out no-op meters until an SDK registers one, and does not swap them later.
 */
export function instrumentsOf(api: OpenTelemetryApi): Instruments {
  const tracers = api.trace.getTracerProvider();
  const meters = api.metrics.getMeterProvider();
  if (made?.tracers === tracers && made.meters === meters) return made.instruments;
  const meter = api.metrics.getMeter(SCOPE, VERSION);
  const instruments: Instruments = {
    tracer: api.trace.getTracer(SCOPE, VERSION),
    upstreamCalls: meter.createCounter(METRIC_UPSTREAM_CALLS, {
      description: 'Calls to the Zipteams token API, by outcome.',
      unit: '{call}',
    }),
    upstreamDuration: meter.createHistogram(METRIC_UPSTREAM_DURATION, {
      description: 'Duration of calls to the Zipteams token API (headers and body).',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    cacheRequests: meter.createCounter(METRIC_CACHE_REQUESTS, {
      description:
        'Token requests by cache outcome: hit, miss, or stale (served on a failed refresh).',
      unit: '{request}',
    }),
    budgetWaits: meter.createCounter(METRIC_BUDGET_WAITS, {
      description: 'Upstream calls that waited for a slot in the upstream budget.',
      unit: '{call}',
    }),
    budgetRefusals: meter.createCounter(METRIC_BUDGET_REFUSALS, {
      description: 'Token requests answered 429 by the upstream budget, Zipteams not called.',
      unit: '{request}',
    }),
    redisStateChanges: meter.createCounter(METRIC_REDIS_STATE_CHANGES, {
      description:
        'Redis counted as down (degraded: per-instance mode) or answering again (recovered).',
      unit: '{change}',
    }),
  };
  made = { tracers, meters, instruments };
  return instruments;
}
