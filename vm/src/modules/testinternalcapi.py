# _testinternalcapi: the part of CPython's internal test module that its
# own test suite consults -- get_config(), the interpreter's PyConfig as a
# dict -- built from what sys reports, so test.support's checks (debug
# ranges, import time, ...) see Pyrite's real configuration.
import sys


def get_config():
    f = sys.flags
    x = sys._xoptions
    xoptions = [k if v is True else "%s=%s" % (k, v) for k, v in x.items()]
    env = not f.ignore_environment
    return {
        "_config_init": 2,
        "isolated": int(f.isolated),
        "use_environment": int(env),
        "dev_mode": int(bool(f.dev_mode)),
        "install_signal_handlers": 1,
        "use_hash_seed": 0,
        "hash_seed": 0,
        "faulthandler": int("faulthandler" in x),
        "tracemalloc": 0,
        "import_time": int("importtime" in x),
        # Pyrite's code objects always carry column positions.
        "code_debug_ranges": int("no_debug_ranges" not in x),
        "show_ref_count": 0,
        "dump_refs": 0,
        "malloc_stats": 0,
        "filesystem_encoding": sys.getfilesystemencoding(),
        "filesystem_errors": sys.getfilesystemencodeerrors(),
        "pycache_prefix": sys.pycache_prefix,
        "program_name": sys.executable,
        "parse_argv": 2,
        "argv": list(sys.argv),
        "xoptions": xoptions,
        "warnoptions": list(sys.warnoptions),
        "pythonpath_env": None,
        "home": None,
        "module_search_paths_set": 1,
        "module_search_paths": [p for p in sys.path if p],
        "stdlib_dir": getattr(sys, "_stdlib_dir", None),
        "executable": sys.executable,
        "base_executable": sys.executable,
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "exec_prefix": sys.exec_prefix,
        "base_exec_prefix": sys.base_exec_prefix,
        "platlibdir": sys.platlibdir,
        "site_import": int(not f.no_site),
        "bytes_warning": f.bytes_warning,
        "warn_default_encoding": f.warn_default_encoding,
        "inspect": f.inspect,
        "interactive": f.interactive,
        "optimization_level": f.optimize,
        "parser_debug": f.debug,
        "write_bytecode": int(not sys.dont_write_bytecode),
        "verbose": f.verbose,
        "quiet": f.quiet,
        "user_site_directory": int(not f.no_user_site),
        "configure_c_stdio": 1,
        "buffered_stdio": 1,
        "stdio_encoding": getattr(sys.stdout, "encoding", "utf-8"),
        "stdio_errors": getattr(sys.stdout, "errors", "strict"),
        "skip_source_first_line": 0,
        "run_command": None,
        "run_module": None,
        "run_filename": None,
        "_install_importlib": 1,
        "check_hash_pycs_mode": "default",
        "pathconfig_warnings": 1,
        "_init_main": 1,
        "_isolated_interpreter": 0,
        "orig_argv": list(sys.orig_argv),
        "use_frozen_modules": 1,
        "safe_path": int(bool(f.safe_path)),
        "_is_python_build": 0,
    }
