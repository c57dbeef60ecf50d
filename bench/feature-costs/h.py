import re, sys, os
T=os.environ.get('TOLERANT')
def fail(m):
    if T: print('WARN', m); return
    raise SystemExit(m)
R=os.environ['PROBE_ROOT'].rstrip('/')+'/packages/'
def rd(p): return open(R+p).read()
def wr(p,s): open(R+p,'w').write(s)
def rep(p, old, new, count=1):
    s=rd(p)
    if old not in s: return fail(f'NOT FOUND in {p}: {old[:80]!r}')
    wr(p, s.replace(old,new) if count==0 else s.replace(old,new,count))
def sub(p, pat, new, flags=re.S):
    s=rd(p); s2,n=re.subn(pat,new,s,flags=flags)
    if n==0: return fail(f'NO MATCH in {p}: {pat[:80]!r}')
    wr(p,s2)
