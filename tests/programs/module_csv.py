# _csv: reading (quotes, doubled quotes, escapes, multi-line fields,
# skipinitialspace, QUOTE_NONNUMERIC, strict errors), writing in the four
# quoting styles, dialect validation, DictReader/Writer, Sniffer; and
# types.GenericAlias(origin, args), which importlib.metadata needs.
import csv, io
data = 'a,b,c\r\n1,"two, with comma","th""ree"\r\n"multi\nline",,x\r\n  sp, q ,\r\n'
for row in csv.reader(io.StringIO(data, newline="")):
    print(row)
print(list(csv.reader(['a;b;"c;d"'], delimiter=";")), list(csv.reader([' a, "b"'], skipinitialspace=True)))
print(list(csv.reader(['1,2.5,"x"'], quoting=csv.QUOTE_NONNUMERIC)))
print(list(csv.reader(['a\\,b,c'], escapechar="\\")), list(csv.reader(['"abc"def,g'])))
for bad, kw in [(['"abc"def'], {"strict": True}), (['a\0b'], {}), (['"unterminated'], {"strict": True})]:
    try: print(list(csv.reader(bad, **kw)))
    except csv.Error as e: print("Error:", e)
try: list(csv.reader(["a\rb"]))
except csv.Error as e: print("Error:", e)
out = io.StringIO()
w = csv.writer(out)
w.writerow(["a", "b,c", 'd"e', None, 1.5, 3, "line\nbreak", ""])
w.writerow([""])
w.writerows([[1, 2], [3, 4]])
csv.writer(out, quoting=csv.QUOTE_ALL).writerow(["x", 1])
csv.writer(out, quoting=csv.QUOTE_NONNUMERIC).writerow(["x", 1, 2.0, True])
csv.writer(out, quoting=csv.QUOTE_NONE, escapechar="\\").writerow(["a,b", 'c"d'])
print(repr(out.getvalue()))
try: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow(["a,b"])
except csv.Error as e: print("Error:", e)
for kw in [{"delimiter": ""}, {"delimiter": None}, {"quoting": 7}, {"quotechar": None}, {"lineterminator": None}, {"bogus": 1}]:
    try: csv.reader([], **kw); print("ok", kw)
    except (TypeError, csv.Error) as e: print(type(e).__name__, e)
f = io.StringIO("name,age\nann,3\nbob,4\n")
print([dict(r) for r in csv.DictReader(f)])
o = io.StringIO(); dw = csv.DictWriter(o, ["x", "y"]); dw.writeheader(); dw.writerow({"x": 1, "y": "two"}); print(repr(o.getvalue()))
print(csv.list_dialects(), csv.get_dialect("excel").delimiter, csv.Sniffer().sniff("a;b;c\n1;2;3\n").delimiter)
r = csv.reader(["a,b", "c,d"]); next(r); print(r.line_num, r.dialect.delimiter)
import importlib.metadata
print(csv.field_size_limit() > 0)
