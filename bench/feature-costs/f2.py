from h import *
wr('core/src/embed/embed-css.ts', '''export function embedCss(host: string, dark: string): string { return ''; }
''')
sub('core/src/embed/fallback-ui.ts', r"  light: \{.*?\n  dark: \{.*?\n", "")
p='react/src/embed/embed-style.ts'
sub(p, r"export const EMBED_CSS = embedCss\(.*?\);\n", "export const EMBED_CSS = '';\n")
sub(p, r"function adoptEmbedStyle.*?\n\}\n", "")
sub(p, r"export function useEmbedStyle\(box: RefObject<Element \| null>, nonce: string \| undefined\): void \{.*?\n\}\n", "export function useEmbedStyle(box: RefObject<Element | null>, nonce: string | undefined): void {}\n")
sub(p, r"const styled = new WeakMap<Node, boolean>\(\);\n", "")
rep(p, "import { embedCss } from '@zipteams/embed-core/internal';\n", "")
p='element/src/shadow-view.ts'
sub(p, r"const STYLE =\n.*?;\n\n", "const STYLE = '';\n\n")
rep(p, "import { FALLBACK_UI, embedCss } from", "import { FALLBACK_UI } from")
