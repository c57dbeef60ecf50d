import { DEFAULT_APP_URL } from '@zipteams/embed-core';

/**
 * Every attribute and the camelCase property that reflects it, read and written as the attribute:
 * `el.tokenUrl = '/api/…'` from Vue, Svelte, Angular or a script works before or after connecting.
 */
export const REFLECTED = {
  tokenUrl: 'token-url',
  tokenKey: 'token-key',
  baseUrl: 'base-url',
  theme: 'theme',
  agentId: 'agent-id',
  callId: 'call-id',
  height: 'height',
  shareAcrossTabs: 'share-across-tabs',
  loadTimeout: 'load-timeout',
  readySignal: 'ready-signal',
} as const;

/** The attributes an element observes. */
export const ATTRIBUTES: readonly string[] = Object.values(REFLECTED);

/**
 * Defines the reflected properties once on `prototype`: each reads and writes its attribute
 * (`null`/`undefined` removes it), so the attribute stays the one source of truth.
 */
export function reflectAttributes(prototype: HTMLElement): void {
  for (const [property, attribute] of Object.entries(REFLECTED)) {
    Object.defineProperty(prototype, property, {
      configurable: true,
      enumerable: true,
      get(this: HTMLElement) {
        const value = this.getAttribute(attribute);
        if (property === 'baseUrl') return value ?? DEFAULT_APP_URL;
        if (property === 'shareAcrossTabs') return value !== 'false';
        if (property === 'loadTimeout') return Number(value) > 0 ? Number(value) : undefined;
        return value ?? undefined;
      },
      set(this: HTMLElement, value: unknown) {
        if (value === undefined || value === null) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
      },
    });
  }
}
