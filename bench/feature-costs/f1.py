from h import *
wr('core/src/errors/describe-error.ts', '''import type { ZipteamsError } from './errors.js';
export interface ErrorDescription { readonly title: string; readonly detail: string; }
export function describeError(error: ZipteamsError | Error | undefined): ErrorDescription {
  return { title: 'Error', detail: '' };
}
''')
sub('core/src/embed/fallback-ui.ts', r"/\*\* The loading UI's status text.*?retry: 'Retry',\n", "  loading: '', retry: '',\n")
wr('react/src/embed/fallbacks.tsx', '''import type { ZipteamsError } from '@zipteams/embed-core';
export type FallbackTheme = 'light' | 'dark';
export function DefaultLoading(_: { theme?: FallbackTheme; label?: string }) { return null; }
export interface ErrorFallbackProps { readonly error: ZipteamsError | Error; readonly retry: () => void; }
export function DefaultError(_: ErrorFallbackProps & { theme?: FallbackTheme }) {
  return <div role="alert">Error</div>;
}
''')
p='element/src/shadow-view.ts'
sub(p, r"    const fallback = \(name.*?    this\.#error\.hidden = true;\n",
"""    this.#root.append((this.#box = h('div', { part: 'frames' })), (this.#error = h('div', {}, text('Error'))));
    this.#error.hidden = true;
""")
sub(p, r"    this\.#loading\.hidden = status !== 'loading';\n    this\.#error\.hidden = !failed;\n    if \(failed\) \{.*?\n    \}\n", "    this.#error.hidden = !failed;\n")
sub(p, r"  readonly #loading: HTMLElement;\n", "")
sub(p, r"  readonly #errorTitle: HTMLElement;\n  readonly #errorDetail: HTMLElement;\n", "")
rep(p, "import { describeError, type EmbedSnapshot }", "import { type EmbedSnapshot }")
