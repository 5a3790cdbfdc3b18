# importlib over Pyrite's import system: import_module, find_spec for
# source, package and native modules, reload re-running a module's code
# in the same module object, module reprs.
import importlib
import importlib.util
import os
import sys
import tempfile
import types

d = tempfile.mkdtemp()
with open(os.path.join(d, "plugin_a.py"), "w") as f:
    f.write("print('plugin_a runs')\nvalue = 1\n")
os.mkdir(os.path.join(d, "plugpkg"))
with open(os.path.join(d, "plugpkg", "__init__.py"), "w") as f:
    f.write("name = 'plugpkg'\n")
with open(os.path.join(d, "plugpkg", "sub.py"), "w") as f:
    f.write("from . import name as parent_name\n")
sys.path.insert(0, d)

m = importlib.import_module("plugin_a")
print(m.value, m is sys.modules["plugin_a"])
sub = importlib.import_module(".sub", "plugpkg")
print(sub.__name__, sub.parent_name)

spec = importlib.util.find_spec("plugin_a")
print(spec.name, os.path.basename(spec.origin), spec.submodule_search_locations)
spec = importlib.util.find_spec("plugpkg")
print(spec.name, [os.path.basename(p) for p in spec.submodule_search_locations])
spec = importlib.util.find_spec("sys")
print(spec.name, spec.origin)
import json
spec = importlib.util.find_spec("json")
print(spec.name, os.path.basename(spec.origin), json.__spec__ is spec, json.__loader__ is spec.loader)
print(importlib.util.find_spec("no_such_module_here"))

m.value = 99
with open(os.path.join(d, "plugin_a.py"), "w") as f:
    f.write("print('plugin_a runs again')\nvalue = 2\nextra = 'new'\n")
importlib.invalidate_caches()
again = importlib.reload(m)
print(again is m, m.value, m.extra)

try:
    importlib.import_module("no_such_module_here")
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)

v = types.ModuleType("made_here", "doc")
print(repr(v), v.__doc__, repr(sys).startswith("<module 'sys'"))
