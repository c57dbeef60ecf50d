import type { Page } from 'playwright';
import type { BrowserCommand } from 'vitest/node';
import {
  startTestStack,
  stopTestStack,
  type TestStackInfo,
  type TestStackOptions,
} from './test-stack.ts';
import {
  setPagesProxyUp,
  startHeaderPartner,
  startPagesProxy,
  stopHeaderPartner,
  stopPagesProxy,
} from './embed-test-servers.ts';

/** Browser-test commands: real servers started in Node for a test file running in Chromium. */
export const browserCommands = {
  startStack: ((_context, options?: TestStackOptions) => startTestStack(options)) as BrowserCommand<
    [options?: TestStackOptions]
  >,
  stopStack: ((_context, id: number) => stopTestStack(id)) as BrowserCommand<[id: number]>,
  startPagesProxy: ((_context, targetUrl: string) => startPagesProxy(targetUrl)) as BrowserCommand<
    [targetUrl: string]
  >,
  setPagesProxyUp: ((_context, id: number, up: boolean) =>
    setPagesProxyUp(id, up)) as BrowserCommand<[id: number, up: boolean]>,
  stopPagesProxy: ((_context, id: number) => stopPagesProxy(id)) as BrowserCommand<[id: number]>,
  startHeaderPartner: ((_context, mockUrl: string) =>
    startHeaderPartner(mockUrl)) as BrowserCommand<[mockUrl: string]>,
  stopHeaderPartner: ((_context, id: number) => stopHeaderPartner(id)) as BrowserCommand<
    [id: number]
  >,
  /**
   * The visible text of the first frame whose URL starts with `urlPrefix`: cross-origin frames
   * (the mock pages) read through Playwright, as a user would see them.
   */
  frameText: (async (context, urlPrefix: string) => {
    if (context.provider.name !== 'playwright')
      throw new Error('frameText needs the playwright provider');
    const page = (context as unknown as { page: Page }).page;
    const frame = page.frames().find((f) => f.url().startsWith(urlPrefix));
    return frame ? frame.locator('body').innerText() : null;
  }) as BrowserCommand<[urlPrefix: string]>,
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    startStack(options?: TestStackOptions): Promise<TestStackInfo>;
    stopStack(id: number): Promise<void>;
    frameText(urlPrefix: string): Promise<string | null>;
    startPagesProxy(targetUrl: string): Promise<{ id: number; url: string }>;
    setPagesProxyUp(id: number, up: boolean): Promise<void>;
    stopPagesProxy(id: number): Promise<void>;
    startHeaderPartner(
      mockUrl: string,
    ): Promise<{ id: number; tokenUrl: string; statsUrl: string }>;
    stopHeaderPartner(id: number): Promise<void>;
  }
}
