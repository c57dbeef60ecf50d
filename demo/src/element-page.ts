// The custom elements on a page without a framework: `?count=N` elements (default 2),
// `?share=false` to opt out of sharing the token across tabs, `?height=` per element.
import { clearSharedTokens } from '@zipteams/element';
import { fetchConfig } from './api.ts';

/** What the e2e tests read: per element, the tokens it received and the loads it showed. */
interface ElementPageStats {
  tokens: number[];
  loads: number[];
}

const params = new URLSearchParams(window.location.search);
const count = Math.min(Math.max(Number(params.get('count') ?? 2) || 2, 1), 6);
const share = params.get('share') !== 'false';
const byId = (id: string) => document.getElementById(id) as HTMLElement;
const grid = byId('grid');
const log = byId('log');
const stats: ElementPageStats = { tokens: [], loads: [] };
(window as unknown as { __elementStats: ElementPageStats }).__elementStats = stats;

const write = (line: string) => {
  log.textContent = `${new Date().toLocaleTimeString()} ${line}\n${log.textContent ?? ''}`;
};

const config = await fetchConfig();

function addElements() {
  for (let i = 0; i < count; i++) {
    const element = document.createElement('zipteams-dashboard');
    element.dataset.testid = `element-${i}`;
    element.setAttribute('token-url', '/api/zipteams/token');
    element.setAttribute('base-url', config.mockUrl);
    element.setAttribute('height', params.get('height') ?? '420');
    if (!share) element.setAttribute('share-across-tabs', 'false');
    const counts = { tokens: 0, loads: 0 };
    stats.tokens[i] = 0;
    stats.loads[i] = 0;
    element.addEventListener('zipteams-status', (event) =>
      write(`#${i} status ${event.detail.status}`),
    );
    element.addEventListener('zipteams-error', (event) =>
      write(`#${i} error ${event.detail.error.code}`),
    );
    element.addEventListener('zipteams-token', (event) => {
      stats.tokens[i] = ++counts.tokens;
      write(`#${i} token, valid ${Math.round(event.detail.token.lifetimeMs / 1000)} s`);
    });
    element.addEventListener('zipteams-load', () => {
      stats.loads[i] = ++counts.loads;
      write(`#${i} page shown`);
    });
    grid.append(element);
  }
}
addElements();

byId('remove').addEventListener('click', () => {
  grid.replaceChildren();
  write('elements removed: no more requests');
});
byId('add').addEventListener('click', () => {
  if (!grid.children.length) addElements();
});
// What a partner's sign-out (or account switch) calls: every token on this page and in the other
// tabs is dropped; mounted elements fetch in the new session.
byId('forget').addEventListener('click', () => {
  void clearSharedTokens().then(() => write('tokens forgotten (clearSharedTokens)'));
});
