"""Reads a callgrind output file (with --dump-instr=yes): per instruction address, its event counts."""
import re, collections
def parse(path):
    """returns dict addr -> [events...], fnof, events list"""
    cnt={}; fnof={}; names={}
    npos=1; events=[]
    ob=fn=None; prev=[0,0]; skip=False
    def nm(kind,s):
        m=re.match(r'\((\d+)\)(?: (.*))?',s)
        if not m: return s
        k=(kind,m.group(1))
        if m.group(2): names[k]=m.group(2)
        return names.get(k,'?')
    for line in open(path):
        if line.startswith('positions:'): npos=len(line.split())-1; prev=[0]*npos; continue
        if line.startswith('events:'): events=line.split()[1:]; continue
        c=line[:1]
        if c in '0123456789+-*':
            parts=line.split()
            pos=[]
            for i in range(npos):
                p=parts[i]
                if p.startswith('0x'): v=int(p,16)
                elif p[0]=='+': v=prev[i]+int(p[1:],0)
                elif p[0]=='-': v=prev[i]-int(p[1:],0)
                elif p=='*': v=prev[i]
                else: v=int(p)
                pos.append(v)
            prev=pos
            if skip: skip=False; continue
            a=pos[0]
            vals=[int(x) for x in parts[npos:]]
            if a in cnt:
                o=cnt[a]
                for i,x in enumerate(vals): o[i]+=x
            else:
                cnt[a]=vals+[0]*(len(events)-len(vals)); fnof[a]=fn
            continue
        if line.startswith('ob='): ob=nm('ob',line[3:].strip())
        elif line.startswith('fn='): fn=nm('fn',line[3:].strip())
        elif line.startswith('cob='): nm('ob',line[4:].strip())
        elif line.startswith('cfn='): nm('fn',line[4:].strip())
        elif line.startswith('calls='): skip=True
    return cnt,fnof,events
