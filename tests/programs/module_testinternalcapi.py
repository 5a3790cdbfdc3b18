# _testinternalcapi.get_config() (what CPython's test suite consults) and
# float.__getformat__ (test.support reads it at import).
import _testinternalcapi

config = _testinternalcapi.get_config()
print(sorted(config))
print(config["code_debug_ranges"], config["import_time"], config["optimization_level"], config["isolated"])
print(type(config["argv"]).__name__, type(config["orig_argv"]).__name__, type(config["module_search_paths"]).__name__)
print(float.__getformat__("double"), float.__getformat__("float"))
for args in [("x",), (1,), ()]:
    try:
        float.__getformat__(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
from test import support
print(support.has_no_debug_ranges())
