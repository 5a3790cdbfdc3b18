# Long scans through character sets (past the point where the engine
# builds bit tables for them), with ASCII, Latin-1 and wider characters,
# negated sets, categories and case-insensitive sets.
import re

words = ["alpha", "Beta", "gämma", "DELTA", "épsilon", "ζeta", "eta_7", "θήτα", "io-ta", "k.appa"]
text = " ".join(words[i % len(words)] + str(i) for i in range(4000))
for pat, flags in [(r"[\w.]+", 0), (r"[^\W\d]+", 0), (r"\d{1,3}", 0), (r"[a-zé]+", re.I),
                   (r"[^a-z ]+", 0), (r"\s+", 0), (r"[α-ω]+", 0), (r"\b[A-Z]+\b", 0),
                   (r"[\w.]+\d", re.A), (r"[^\x00-\x7f]+", 0)]:
    found = re.findall(pat, text, flags)
    print(pat, len(found), found[:3], found[-2:], sum(map(len, found)))
print(len(re.split(r"[\s\d]+", text)), re.sub(r"[aeiouä]", "*", text[:80]))
