// A partner with an OpenTelemetry global registered (by some other library) but no
// `@opentelemetry/api` the kit can load: the import fails, and tokens are served all the same.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { setup } from '../test-utils/handler-setup.js';
import { openTelemetry } from './open-telemetry.js';

vi.mock('@opentelemetry/api', () => {
  throw new Error("Cannot find package '@opentelemetry/api'");
});

const key = Symbol.for('opentelemetry.js.api.1');
Reflect.set(globalThis, key, { version: '1.9.1' });
afterAll(() => {
  Reflect.deleteProperty(globalThis, key);
});

describe('given an @opentelemetry/api that cannot be loaded', () => {
  it('should answer every token request, loading nothing', async () => {
    const { get, upstream } = setup();
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
    await expect(openTelemetry()).resolves.toBeUndefined();
  });
});
