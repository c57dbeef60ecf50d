import type { EmbedStatus } from '@zipteams/react';
import { expect, waitFor } from 'storybook/test';
import type { ScenarioInfo, ScenarioName } from '../scripts/storybook-stack.ts';

export type { ScenarioName };

/** Every scenario the stack runs, as `GET /__zipteams/scenarios` lists them. */
export type Stack = Readonly<Record<ScenarioName, ScenarioInfo>>;

/** `parameters.zipteams` of a story. */
export interface ZipteamsParameters {
  /** Which mock platform and token endpoint the story talks to. Default `ready`. */
  readonly scenario?: ScenarioName;
}

let stack: Promise<Stack | undefined> | undefined;

/** Fetches the scenarios once per page; undefined when no stack runs (a static build). */
export function loadStack(): Promise<Stack | undefined> {
  stack ??= fetch('/__zipteams/scenarios', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<Stack>) : undefined))
    .catch(() => undefined);
  return stack;
}

interface StoryContextLike {
  readonly parameters: { readonly zipteams?: ZipteamsParameters };
  readonly loaded: { readonly zipteams?: Stack };
}

/** The scenario a story runs against, and its URLs. */
export function scenarioOf(context: StoryContextLike): ScenarioInfo & { name: ScenarioName } {
  const name = context.parameters.zipteams?.scenario ?? 'ready';
  const info = context.loaded.zipteams?.[name];
  if (!info) throw new Error(`The Zipteams stack does not run (scenario "${name}").`);
  return { ...info, name };
}

/** Story parameters that pick a scenario. */
export const scenario = (name: ScenarioName) => ({ zipteams: { scenario: name } });

/** A token endpoint of the stack, by scenario (same origin as Storybook). */
export const tokenUrl = (name: ScenarioName) => `/__zipteams/${name}/token`;

/**
 * A token source whose first token is real but short-lived (the `shortlived` scenario, 6 s) and
 * whose later requests all fail (the `unavailable` scenario): the way to an expired token.
 * Call `reset` before each story run.
 */
export function expiringTokenSource() {
  let calls = 0;
  return {
    fetchToken: (signal: AbortSignal): Promise<Response> => {
      calls += 1;
      return fetch(tokenUrl(calls === 1 ? 'shortlived' : 'unavailable'), { signal });
    },
    reset: () => {
      calls = 0;
    },
  };
}

/** Generous: a page load in a busy CI browser, or a token rotation. */
export const SLOW = { timeout: 30_000 } as const;

/** The embed's root element (the one carrying `data-state`). */
export function embedRoot(canvasElement: HTMLElement): HTMLElement {
  const root = canvasElement.querySelector<HTMLElement>('[data-state]');
  if (!root) throw new Error('No element with data-state in the story.');
  return root;
}

/** Waits until the embed shows `state`. */
export async function waitForState(
  canvasElement: HTMLElement,
  state: EmbedStatus,
  options: { timeout: number } = SLOW,
): Promise<HTMLElement> {
  return waitFor(() => {
    const root = embedRoot(canvasElement);
    expect(root).toHaveAttribute('data-state', state);
    return root;
  }, options);
}

/** The visible iframe of an embed. */
export function activeFrame(canvasElement: HTMLElement): HTMLIFrameElement {
  const frame = canvasElement.querySelector<HTMLIFrameElement>(
    'iframe[data-zipteams-frame="active"]',
  );
  if (!frame) throw new Error('No active iframe.');
  return frame;
}

/** The page URL of the visible iframe. */
export function frameUrl(canvasElement: HTMLElement): URL {
  return new URL(activeFrame(canvasElement).src);
}

/** Asserts a page URL points at a scenario's mock with a JWT, and returns the URL. */
export function expectPageUrl(url: URL, baseUrl: string, pathname: string): URL {
  expect(url.origin).toBe(new URL(baseUrl).origin);
  expect(url.pathname).toBe(pathname);
  expect(url.searchParams.get('token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return url;
}

/** Controls shared by the two embed components: token plumbing and render props have none. */
export const embedArgTypes = {
  height: { control: 'number' },
  width: { control: 'text' },
  fetchToken: { control: false },
  errorFallback: { control: false },
  loadingFallback: { control: false },
  tokenRequestInit: { control: false },
} as const;
