import type { Meta, StoryObj } from '@storybook/react-vite';
import { ZipteamsDashboard } from '@zipteams/react';
import { ZipteamsDevtools } from '@zipteams/react/devtools/production';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { scenario, waitForState } from './support.ts';

/**
 * The devtools panel (`@zipteams/react/devtools`; these stories import the `/production` entry so
 * the panel shows in Storybook's builds too) beside a dashboard of each scenario: every embed and
 * token source of the page, live, with the token's tenant but never the token.
 */
const meta = {
  title: 'Tools/ZipteamsDevtools',
  component: ZipteamsDevtools,
  args: { initialIsOpen: true, position: 'bottom-right' },
  argTypes: {
    position: {
      control: 'inline-radio',
      options: ['top-left', 'top-right', 'bottom-left', 'bottom-right'],
    },
  },
  render: (args) => (
    <>
      <ZipteamsDashboard height={320} data-testid="embed" />
      <ZipteamsDevtools {...args} />
    </>
  ),
} satisfies Meta<typeof ZipteamsDevtools>;

export default meta;
type Story = StoryObj<typeof meta>;

const panel = (canvasElement: HTMLElement) =>
  within(canvasElement.ownerDocument.body).getByRole('region', { name: 'Zipteams devtools' });

/** A ready dashboard: the embed and its source, with the tenant from the token's claims. */
export const Ready: Story = {
  parameters: scenario('ready'),
  play: async ({ canvasElement }) => {
    await waitForState(canvasElement, 'ready');
    await waitFor(() => {
      const embed = panel(canvasElement).querySelector('[data-kind="embed"]');
      expect(embed).toHaveAttribute('data-status', 'ready');
      expect(embed?.querySelector('[data-field="tenant"]')).toHaveTextContent('acme / sales');
    });
    const source = panel(canvasElement).querySelector('[data-kind="source"]');
    expect(source).toHaveTextContent(/fetched/);
    // Never a token on screen.
    expect(panel(canvasElement).textContent).not.toMatch(/eyJ/);
  },
};

/** A token endpoint that fails for good: the embed's error, in words, and Retry. */
export const Failed: Story = {
  parameters: scenario('forbidden'),
  play: async ({ canvasElement }) => {
    await waitForState(canvasElement, 'error');
    await waitFor(() => {
      const embed = panel(canvasElement).querySelector('[data-kind="embed"]');
      expect(embed).toHaveAttribute('data-status', 'error');
      expect(embed?.querySelector('[data-field="error"]')).toHaveTextContent(/http/);
    });
    expect(within(panel(canvasElement)).getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** Closed: a small toggle in the corner, which opens the panel. */
export const Closed: Story = {
  args: { initialIsOpen: false },
  parameters: scenario('ready'),
  play: async ({ canvasElement }) => {
    const body = within(canvasElement.ownerDocument.body);
    await userEvent.click(body.getByRole('button', { name: 'Zipteams' }));
    await waitFor(() => expect(panel(canvasElement)).toBeVisible());
  },
};
