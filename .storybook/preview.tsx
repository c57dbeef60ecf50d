import type { Decorator, Preview } from '@storybook/react-vite';
import { ZipteamsProvider, createZipteamsQueryClient } from '@zipteams/react';
import { useEffect, useState, type ReactNode } from 'react';
import type { ScenarioInfo } from '../scripts/storybook-stack.ts';
import { loadStack, type Stack, type ZipteamsParameters } from '../stories/support.ts';

/** One QueryClient per story: no token or failure leaks from one story into the next. */
function StoryProvider({ info, children }: { info: ScenarioInfo; children: ReactNode }) {
  const [queryClient] = useState(createZipteamsQueryClient);
  useEffect(() => () => queryClient.clear(), [queryClient]);
  return (
    <ZipteamsProvider queryClient={queryClient} tokenUrl={info.tokenUrl} baseUrl={info.baseUrl}>
      {children}
    </ZipteamsProvider>
  );
}

function StackMissing() {
  return (
    <p role="note" style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 560 }}>
      This story talks to a local mock of the Zipteams platform, which only the Storybook dev server
      runs. Start it with <code>npm run storybook</code>.
    </p>
  );
}

/** Gives the story the scenario's token URL and mock base URL, and a fresh QueryClient. */
const withZipteams: Decorator = (Story, context) => {
  const stack = context.loaded.zipteams as Stack | undefined;
  const { scenario = 'ready' } = (context.parameters.zipteams ?? {}) as ZipteamsParameters;
  const info = stack?.[scenario];
  if (!info) return <StackMissing />;
  return (
    <StoryProvider key={context.id} info={info}>
      <Story />
    </StoryProvider>
  );
};

/** TSDoc `@example` blocks as code: the docs page reads a description as Markdown (and JSX as HTML). */
function examplesAsCode(description: string): string {
  return description.replace(
    /(^|\n)@example[^\S\n]*\n?([\s\S]*?)(?=\n@\w|$)/g,
    (_match, lead: string, code: string) => {
      const body = code.trim();
      const block = body.startsWith('```') ? body : `\`\`\`tsx\n${body}\n\`\`\``;
      return `${lead}**Example**\n\n${block}\n`;
    },
  );
}

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [async () => ({ zipteams: await loadStack() })],
  decorators: [withZipteams],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    docs: {
      extractComponentDescription: (component: unknown) => {
        const description = (component as { __docgenInfo?: { description?: string } } | undefined)
          ?.__docgenInfo?.description;
        return description ? examplesAsCode(description) : null;
      },
    },
    // Violations fail the story's test. The pages are cross-origin: axe checks our DOM only.
    a11y: { test: 'error', options: { iframes: false } },
  },
};

export default preview;
