import type { BrowserCommand } from 'vitest/node';
import {
  startTestStack,
  stopTestStack,
  type TestStackInfo,
  type TestStackOptions,
} from './test-stack.ts';

/** Browser-test commands: real servers started in Node for a test file running in Chromium. */
export const browserCommands = {
  startStack: ((_context, options?: TestStackOptions) => startTestStack(options)) as BrowserCommand<
    [options?: TestStackOptions]
  >,
  stopStack: ((_context, id: number) => stopTestStack(id)) as BrowserCommand<[id: number]>,
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    startStack(options?: TestStackOptions): Promise<TestStackInfo>;
    stopStack(id: number): Promise<void>;
  }
}
