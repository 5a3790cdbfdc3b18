# Code objects of the frozen standard library are read lazily (a nested
# code object is built when first used): everything that looks at them
# must see the whole code — names, docstrings, constants, nested code,
# marshal, code.replace, dis — and frozenset constants must survive.
import json, textwrap, typing, marshal, types, dis, io
import json.decoder as jd

f = textwrap.dedent
print(f.__name__, f.__qualname__, f.__doc__.splitlines()[0])
print(jd.JSONDecoder.decode.__qualname__, jd.JSONDecoder.decode.__doc__.split('\n')[0])
# A function never called: its code object's attributes.
c = jd.JSONDecoder.raw_decode.__code__
print(c.co_name, c.co_qualname, c.co_argcount, c.co_varnames, c.co_firstlineno > 0)
# Nested code objects inside a class body's constants.
mod_consts = [k for k in json.dumps.__code__.co_consts]
print(len(mod_consts) > 0, type(json.dumps.__code__).__name__)
# marshal round trip of a function whose code nests code objects.
def outer():
    def inner(x):
        "inner doc"
        return [y * 2 for y in x]
    return inner
c2 = textwrap.TextWrapper._split.__code__
again = marshal.loads(marshal.dumps(c2))
print(again.co_name, again.co_consts == c2.co_consts or len(again.co_consts) == len(c2.co_consts))
w = textwrap.TextWrapper(width=10)
print(w.wrap("the quick brown fox jumps over the lazy dog"))
# code.replace keeps nested code objects.
r = typing._GenericAlias.__init__.__code__.replace(co_name="renamed")
print(r.co_name, len(r.co_consts) == len(typing._GenericAlias.__init__.__code__.co_consts))
# A frozenset constant (`attr in {...}`) in lazily read code.
print(typing.List[int], typing.Dict[str, int].__origin__)
sets = [k for k in typing._BaseGenericAlias.__setattr__.__code__.co_consts if isinstance(k, frozenset)]
print([sorted(s) for s in sets])
# dis of a lazily read function.
out = io.StringIO()
dis.dis(textwrap.indent, file=out)
print("RETURN_VALUE" in out.getvalue())
# A lambda and a comprehension inside lazily read code have no docstring.
print(types.FunctionType(compile("lambda: 1", "<s>", "eval").co_consts[0], {}).__doc__)
print(json.loads('{"a": [1, 2.5, null]}'), json.JSONEncoder.default.__doc__.split('\n')[0])
