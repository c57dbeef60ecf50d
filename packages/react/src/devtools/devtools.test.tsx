// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { registerInspectable, type EmbedInspection } from '@zipteams/embed-core/internal';
import { afterEach, describe, expect, it, vi } from 'vitest';

const embed = (status: string): EmbedInspection => ({
  kind: 'embed',
  status,
  tenantId: 'acme',
  subTenantId: 'sales',
  frames: [{ id: 1, role: 'active', ready: true, timedOut: false }],
  errors: [],
});

async function devtoolsIn(nodeEnv: string) {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.resetModules();
  return (await import('../devtools.js')).ZipteamsDevtools;
}

describe('ZipteamsDevtools', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllEnvs();
  });

  it("should list each embed's status and tenant in a development build", async () => {
    const unlist = registerInspectable({ inspect: () => embed('ready'), act: () => {} });
    const Devtools = await devtoolsIn('development');
    render(<Devtools initialIsOpen />);
    const panel = screen.getByRole('region', { name: 'Zipteams devtools' });
    expect(panel.textContent).toContain('ready');
    expect(panel.textContent).toContain('acme / sales');
    unlist();
  });

  it('should render nothing in a production build', async () => {
    const Devtools = await devtoolsIn('production');
    const { container } = render(<Devtools initialIsOpen />);
    expect(container.innerHTML).toBe('');
  });

  it('should call the row action (retry a failed frame)', async () => {
    const act = vi.fn();
    const unlist = registerInspectable({ inspect: () => embed('error'), act });
    const Devtools = await devtoolsIn('development');
    render(<Devtools initialIsOpen />);
    screen.getByRole('button', { name: 'Retry' }).click();
    expect(act).toHaveBeenCalledTimes(1);
    unlist();
  });
});
