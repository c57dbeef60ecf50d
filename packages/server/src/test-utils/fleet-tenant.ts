/** The tenant of a fleet rig's request: `?tenant=<id>` (the rig's "session"), subtenant `team`. */
export function tenantOf(request: Request) {
  const tenantId = new URL(request.url).searchParams.get('tenant');
  return tenantId ? { tenantId, subTenantId: 'team' } : null;
}
