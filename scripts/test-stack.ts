import { startStack, type Stack, type StackScenario } from '../packages/test-stack/src/index.ts';

/** Options of {@link startTestStack}. */
export interface TestStackOptions {
  /** Token lifetime the mock platform issues, in seconds. Default 86400. */
  tokenTtlSeconds?: number;
  /** frame-ancestors allow-list of the mock pages. Default: any origin. */
  allowOrigins?: string[];
}

/** URLs of a running stack: the mock platform and a partner token endpoint in front of it. */
export interface TestStackInfo {
  id: number;
  /** The mock Zipteams platform (pages and `/__mock/*` controls). */
  mockUrl: string;
  /** The partner token endpoint; `?tenant=&sub=` pick the tenant (tests only). */
  tokenUrl: string;
  /** Counts of requests the partner endpoint answered: `GET` returns `{ requests }`. */
  partnerStatsUrl: string;
}

const stacks = new Map<number, Stack>();
let nextId = 1;

/**
 * Starts the test rig's stack (`startStack` of `@zipteams/test-stack`) for a browser test: what
 * crosses into Chromium is its URLs and an id to stop it with.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStackInfo> {
  const scenario: StackScenario = {
    mock: {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
      allowOrigins: options.allowOrigins ?? [],
    },
  };
  const stack = await startStack(scenario);
  const id = nextId++;
  stacks.set(id, stack);
  return {
    id,
    mockUrl: stack.mock.url,
    tokenUrl: stack.tokenUrl,
    partnerStatsUrl: stack.partnerStatsUrl,
  };
}

/** Stops a stack started by {@link startTestStack}. */
export async function stopTestStack(id: number): Promise<void> {
  const stack = stacks.get(id);
  stacks.delete(id);
  await stack?.close();
}
