from h import *
p='core/src/token/token-key.ts'
s=rd(p)
i=s.index('/**\n * Headers in any form')
s=s[:i]+'''export function resolveTokenSource(options: {
  readonly tokenUrl?: string | undefined;
  readonly tokenRequestInit?: TokenUrlSource['init'];
  readonly fetchToken?: TokenFunctionFn | undefined;
  readonly tokenKey?: string | undefined;
}): ResolvedTokenSource | undefined {
  const { fetchToken, tokenUrl, tokenRequestInit: init, tokenKey } = options;
  if (fetchToken) return { key: [tokenKey], source: { fetchToken } };
  return tokenUrl ? { key: [tokenUrl], source: { tokenUrl, init } } : undefined;
}
'''
s=s.replace("import { details } from '../errors/details.js';\n","")
wr(p,s)
