// Part of the lazily loaded tab code: what it needs of the page registry is handed to it.

/** The page registry's part that hearing other tabs' sign-out needs (see `loadTabs`). */
export interface SignOutLink {
  /** Whether some copy of the kit on the page already listens (set once it does). */
  readonly registry: { listening?: boolean };
  /** A channel to the other tabs (`TAB_CHANNEL_NAME`), where there is one. */
  readonly open: () => BroadcastChannel | undefined;
  /** This page's name on the channel. */
  readonly page: () => string;
  /** Drops every token on the page (`clearSharedTokens` without telling the other tabs). */
  readonly clear: () => void;
}

/** The Cache Storage cache where versions before 0.2 kept a shared token; deleted on sight. */
const LEGACY_TOKEN_CACHE = 'zipteams-embed-tokens';
const noop = () => undefined;

/** Deletes what earlier versions stored; nothing of the kit is ever written to storage now. */
export function forgetLegacyRecords(): Promise<void> {
  try {
    const caches = (globalThis as { caches?: CacheStorage }).caches;
    return caches?.delete(LEGACY_TOKEN_CACHE).then(noop, noop) ?? Promise.resolve();
  } catch {
    return Promise.resolve();
  }
}

/**
 * Makes this page hear the sign-out call of its other tabs (once per page, whichever copy of the
 * kit comes first), and deletes a token record an earlier version left.
 */
export function listenForSignOut(link: SignOutLink): void {
  if (link.registry.listening || typeof document === 'undefined') return;
  const channel = link.open();
  if (!channel) return;
  link.registry.listening = true;
  void forgetLegacyRecords();
  // Never closed: the page listens for other tabs' sign-out for as long as it lives.
  channel.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { v?: unknown; type?: unknown; from?: unknown } | null;
    if (data?.v === 2 && data.type === 'clear' && data.from !== link.page()) link.clear();
  });
}
