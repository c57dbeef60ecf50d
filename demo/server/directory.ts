/**
 * The demo's "user directory": which tenants and subtenants a visitor may sign in as, and the
 * agents and calls the demo offers. In a real app this is your own database; the browser only
 * ever receives it to draw the pickers, and the backend checks every choice against it.
 */
export interface DirectoryTenant {
  readonly id: string;
  readonly name: string;
  readonly subTenants: readonly { readonly id: string; readonly name: string }[];
}

export const TENANTS: readonly DirectoryTenant[] = [
  {
    id: 'acme',
    name: 'Acme Corp',
    subTenants: [
      { id: 'sales', name: 'Sales' },
      { id: 'support', name: 'Customer Support' },
    ],
  },
  {
    id: 'globex',
    name: 'Globex',
    subTenants: [
      { id: 'emea', name: 'EMEA' },
      { id: 'apac', name: 'APAC' },
    ],
  },
  {
    id: 'initech',
    name: 'Initech',
    subTenants: [
      { id: 'inside-sales', name: 'Inside Sales' },
      { id: 'renewals', name: 'Renewals' },
    ],
  },
];

export const AGENTS: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'agent-ana', name: 'Ana Ruiz' },
  { id: 'agent-ben', name: 'Ben Okafor' },
  { id: 'agent-chloe', name: 'Chloé Martin' },
  { id: 'unknown-7', name: 'Unknown agent (in-page error)' },
];

export const CALLS: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'call-1001', name: 'call-1001 · Discovery call' },
  { id: 'call-1002', name: 'call-1002 · Pricing follow-up' },
  { id: 'call-1003', name: 'call-1003 · Renewal' },
  { id: 'unknown-1', name: 'unknown-1 · Unknown call (in-page error)' },
];

/** True when the pair exists in the directory. */
export function isKnownTenant(tenantId: unknown, subTenantId: unknown): boolean {
  return TENANTS.some(
    (tenant) => tenant.id === tenantId && tenant.subTenants.some((sub) => sub.id === subTenantId),
  );
}

/** What `GET /api/demo/config` answers: everything the UI needs to draw itself. */
export interface DemoConfig {
  readonly mockUrl: string;
  readonly tokenTtlSeconds: number;
  readonly tenants: readonly DirectoryTenant[];
  readonly agents: typeof AGENTS;
  readonly calls: typeof CALLS;
}

/** The signed-in demo session, as `GET /api/session` answers. */
export interface DemoSession {
  readonly tenantId: string;
  readonly subTenantId: string;
}
