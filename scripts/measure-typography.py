#!/usr/bin/env python3
"""Measure the PDF's typography (docs/typography.md): the character pitch of
runs of Chinese characters at 16 pt, the most body lines on a page and the
pages of 22 lines on the 28.9 pt grid, and where 一、 and （一） headings start,
in characters of the 156 mm / 28 pitch. Usage:
    python3 scripts/measure-typography.py out/weekly/*.pdf out/monthly/*.pdf
Needs pdftotext (poppler-utils)."""
import re,sys,subprocess,collections,statistics
LEFT=28*72/25.4; PITCH=156*72/25.4/28
pitches=[];ind=collections.Counter();maxlines=0;full=0
for pdf in sys.argv[1:]:
    x=subprocess.run(['pdftotext','-bbox',pdf,'-'],capture_output=True,text=True).stdout
    for pg in x.split('<page ')[1:]:
        ws=[(float(a),float(b),float(c),float(d),t) for a,b,c,d,t in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',pg)]
        body=[w for w in ws if abs(w[3]-w[1]-16)<0.01]
        rows=collections.defaultdict(list)
        for w in body: rows[round(w[1],1)].append(w)
        maxlines=max(maxlines,len(rows))
        ys=sorted(rows)
        if len(ys)==22 and all(abs(b-a-28.9)<0.05 for a,b in zip(ys,ys[1:])): full+=1
        for w in body:
            t=w[4]
            if len(t)>=3 and all('\u4e00'<=c<='\u9fff' for c in t): pitches.append((w[2]-w[0]-16)/(len(t)-1))
        for y,r in rows.items():
            r.sort(); t=''.join(w[4] for w in r)
            if re.match(r'^([一二三四五六七八]、|（[一二三四五六]）)',t): ind[(t[0]=='（', round((r[0][0]-LEFT)/PITCH,3))]+=1
exact=[p for p in pitches if abs(p-PITCH)<0.01]
print(f"pitch target {PITCH:.4f} pt; runs {len(pitches)}, at the pitch {len(exact)}, median {statistics.median(pitches):.4f}, min {min(pitches):.4f}")
print(f"most lines on a page {maxlines}; pages of 22 lines on the 28.9 pt grid {full}")
print("heading indents (（一） level?, characters): ", dict(ind))
