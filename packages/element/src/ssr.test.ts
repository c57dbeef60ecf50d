import { describe, expect, it } from 'vitest';

describe('@zipteams/element on the server (Node, no DOM)', () => {
  it('should import without touching a DOM, and define nothing', async () => {
    expect(typeof (globalThis as { customElements?: unknown }).customElements).toBe('undefined');
    const element = await import('@zipteams/element');
    expect(element.ZipteamsDashboardElement).toBeTypeOf('function');
    expect(element.ZipteamsCallDetailsElement).toBeTypeOf('function');
    expect(() => element.defineZipteamsElements()).not.toThrow();
  });

  it('should register into a registry it is given, once', async () => {
    const { defineZipteamsElements, ZipteamsDashboardElement } = await import('@zipteams/element');
    const defined = new Map<string, unknown>();
    const registry = {
      get: (name: string) => defined.get(name),
      define: (name: string, element: unknown) => {
        if (defined.has(name)) throw new Error(`${name} defined twice`);
        defined.set(name, element);
      },
    } as unknown as CustomElementRegistry;
    defineZipteamsElements(registry);
    defineZipteamsElements(registry);
    expect([...defined.keys()]).toEqual(['zipteams-dashboard', 'zipteams-call-details']);
    expect(defined.get('zipteams-dashboard')).toBe(ZipteamsDashboardElement);
  });
});
