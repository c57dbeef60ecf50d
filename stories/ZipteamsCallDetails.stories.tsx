import type { Meta, StoryObj } from '@storybook/react-vite';
import { ZipteamsCallDetails } from '@zipteams/react';
import { expect, fn, waitFor } from 'storybook/test';
import {
  SLOW,
  activeFrame,
  expectPageUrl,
  frameUrl,
  scenario,
  scenarioOf,
  waitForState,
  embedArgTypes,
} from './support.ts';

const meta = {
  title: 'Components/ZipteamsCallDetails',
  component: ZipteamsCallDetails,
  args: {
    callId: 'call-123',
    height: 420,
    onLoad: fn(),
    onError: fn(),
    onStatusChange: fn(),
  },
  argTypes: {
    ...embedArgTypes,
    fallbackTheme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
} satisfies Meta<typeof ZipteamsCallDetails>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One call's details page, loaded and visible. */
export const Ready: Story = {
  play: async (context) => {
    const { canvasElement, args } = context;
    await waitForState(canvasElement, 'ready');
    const frame = activeFrame(canvasElement);
    expect(frame).toHaveAttribute('title', 'Zipteams call details');
    expectPageUrl(frameUrl(canvasElement), scenarioOf(context).baseUrl, '/call-details/call-123');
    await waitFor(() => expect(args.onLoad).toHaveBeenCalledTimes(1));
  },
};

/** A call id is one path segment, percent-encoded: it cannot change the path or add a query. */
export const EncodedCallId: Story = {
  args: { callId: 'call/7 ?x=1', title: 'Call 7 details' },
  play: async (context) => {
    await waitForState(context.canvasElement, 'ready');
    expect(activeFrame(context.canvasElement)).toHaveAttribute('title', 'Call 7 details');
    const url = frameUrl(context.canvasElement);
    expectPageUrl(url, scenarioOf(context).baseUrl, '/call-details/call%2F7%20%3Fx%3D1');
    expect([...url.searchParams.keys()]).toEqual(['token']);
  },
};

/** The token request is under way. */
export const Loading: Story = {
  parameters: scenario('hang'),
  args: { timeoutMs: 600_000 },
  play: async ({ canvasElement, canvas }) => {
    await waitForState(canvasElement, 'loading');
    expect(await canvas.findByRole('status', {}, SLOW)).toBeVisible();
  },
};

/** An empty call id is a programming error, reported without any request for a page. */
export const InvalidCallId: Story = {
  args: { callId: '' },
  play: async ({ canvasElement, canvas, args }) => {
    await waitForState(canvasElement, 'error');
    expect(await canvas.findByRole('alert')).toHaveTextContent('The dashboard could not be shown');
    expect(canvasElement.querySelector('iframe')).toBeNull();
    expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'invalid_argument', argument: 'callId' }),
    );
  },
};

/** A final error, with `fallbackTheme="dark"` for the kit's own error UI. */
export const ForbiddenDarkFallback: Story = {
  parameters: scenario('forbidden'),
  args: { fallbackTheme: 'dark' },
  play: async ({ canvasElement, canvas }) => {
    await waitForState(canvasElement, 'error');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('The dashboard could not be shown');
    expect(alert).toHaveStyle({ backgroundColor: 'rgb(22, 26, 34)' });
    expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** The platform refuses to be framed here (real CSP `frame-ancestors` refusal, 3 s load timeout). */
export const BlockedFrame: Story = {
  parameters: scenario('blocked'),
  args: { loadTimeout: 3_000 },
  play: async ({ canvasElement, canvas }) => {
    await waitForState(canvasElement, 'error');
    expect(await canvas.findByRole('alert')).toHaveTextContent(
      'The dashboard could not be displayed on this page',
    );
  },
};
