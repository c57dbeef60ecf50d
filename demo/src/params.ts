/** Demo settings that can come from the page URL, so a view can be linked to (and tested). */
export interface UrlSettings {
  theme: 'light' | 'dark';
  view: 'insights' | 'call';
  agentId: string;
  callId: string;
  /** `?loadTimeout=3000`: how long a frame may take to load before it counts as blocked. */
  loadTimeout: number | undefined;
}

export function readUrlSettings(search = window.location.search): UrlSettings {
  const params = new URLSearchParams(search);
  const timeout = Number(params.get('loadTimeout'));
  return {
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    view: params.get('view') === 'call' ? 'call' : 'insights',
    agentId: params.get('agent') ?? '',
    callId: params.get('call') ?? 'call-1001',
    loadTimeout: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
  };
}

/** Mirrors the settings into the address bar (no navigation, no history entry). */
export function writeUrlSettings(settings: UrlSettings): void {
  const params = new URLSearchParams(window.location.search);
  const set = (name: string, value: string, fallback: string) => {
    if (value === fallback) params.delete(name);
    else params.set(name, value);
  };
  set('theme', settings.theme, 'light');
  set('view', settings.view, 'insights');
  set('agent', settings.agentId, '');
  set('call', settings.view === 'call' ? settings.callId : 'call-1001', 'call-1001');
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(null, '', url);
  }
}
