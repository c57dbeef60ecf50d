import {
  clearPageTokens,
  openTabChannel,
  pageName,
  pageRegistry,
  type TokenHolder,
} from './page-registry.js';
import { loadTabs } from './tabs/load-tabs.js';

// Signing out: the page's token holders, and the call that drops their tokens here and in this
// origin's other tabs. Apart from the registry, which the tab code reads (load-tabs.ts), so the
// two import each other in one direction only.

/**
 * Adds a token holder to the page's registry; returns the function that removes it. In a browser
 * that shares tabs, it also loads the tab code (lazily), which listens for other tabs' sign-out.
 */
export function registerTokenHolder(holder: TokenHolder): () => void {
  const found = pageRegistry();
  found.holders.add(holder);
  if (typeof document !== 'undefined') void loadTabs();
  return () => void found.holders.delete(holder);
}

/**
 * Signs every embed out of its tokens, for the user's sign-out (or an account switch without a
 * reload): drops every token of every source that this page holds (every copy of the kit on the
 * page, React's QueryClient entries included, private or yours) and that this origin's other
 * tabs hold, and deletes anything an earlier version stored. Mounted embeds go back to loading
 * and fetch a token in the new session; a dropped token is never taken again, not even as an
 * `initialToken`.
 */
export async function clearSharedTokens(): Promise<void> {
  clearPageTokens();
  const channel = openTabChannel();
  if (channel) {
    channel.postMessage({ v: 2, type: 'clear', from: pageName() });
    channel.close();
  }
  await (await loadTabs())?.forgetLegacyRecords();
}
