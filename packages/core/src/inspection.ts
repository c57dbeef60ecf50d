/**
 * The devtools' views of core's own embeds and token sources (`inspectPage`). A token store or an
 * embed session lists itself as it is (`Listed`, page-registry.ts: a few references, read only
 * when the devtools look); the words are here, with `inspectPage`, so a page that never inspects
 * bundles none of them. Every copy of core on a page lists into the same registry, and the
 * devtools' copy words what the others listed.
 */
import {
  pageRegistry,
  type Inspectable,
  type Listed,
  type SourceInspection,
} from './page-registry.js';

const views = new WeakMap<Listed, Inspectable>();

/** The {@link Inspectable} of a listed item: the same object each time (devtools key rows by it). */
export function viewOf(item: Listed): Inspectable {
  let view = views.get(item);
  if (!view) {
    views.set(
      item,
      (view = {
        inspect: () => (item.source ? sourceView(item.source()) : embedView(item.embed())),
        act: () => item.act(),
      }),
    );
  }
  return view;
}

/** What the devtools see of a token source: never a token, a query string or request headers. */
function sourceView([options, { status, token, refreshAt }, via, taken, error]: ReturnType<
  Extract<Listed, { source: unknown }>['source']
>): SourceInspection {
  const { source } = options;
  let name: string;
  if ('tokenUrl' in source) {
    const url = new URL(source.tokenUrl, 'http://relative.invalid');
    name = url.origin === 'http://relative.invalid' ? url.pathname : url.origin + url.pathname;
  } else name = `fetchToken ${JSON.stringify(options.key)}`;
  return {
    kind: 'source',
    source: name,
    status,
    tenantId: token?.claims.tenantId,
    subTenantId: token?.claims.subTenantId,
    receivedAt: token?.receivedAt,
    expiresAt: token?.expiresAt,
    refreshAt,
    refreshes: Math.max(taken - 1, 0),
    via: token && via,
    error,
  };
}

/** What the devtools see of an embed: never a token or a page URL. */
function embedView([snapshot, errors]: ReturnType<Extract<Listed, { embed: unknown }>['embed']>) {
  const { state } = snapshot;
  const claims = state.input.token?.claims;
  const frames = (['active', 'pending'] as const).flatMap((role) => {
    const frame = state[role];
    return frame ? [{ id: frame.id, role, ready: frame.ready, timedOut: frame.timedOut }] : [];
  });
  return {
    kind: 'embed' as const,
    status: snapshot.status,
    tenantId: claims?.tenantId,
    subTenantId: claims?.subTenantId,
    frames,
    errors: [...errors],
  };
}

/** Every embed and token source of the page (every copy of the kit), for the devtools. */
export function inspectPage(): readonly Inspectable[] {
  const found = pageRegistry();
  return [...(found.inspectables ?? []), ...[...(found.listed ?? [])].map(viewOf)];
}
