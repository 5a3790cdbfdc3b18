"""What the parity tools share: the corpus of .py files and CPython's compile.

`python_files(roots)` lists the .py files under each root (a root may also
be a single file), in a stable order, skipping site-packages and caches;
no roots means CPython's installed standard library.
`cpython_compile(path)` is CPython's code object for the file, or None when
CPython rejects it (then Pyrite must report a SyntaxError).
"""
import os
import sysconfig
import warnings


def python_files(roots=None):
    files = []
    for root in roots or [sysconfig.get_paths()["stdlib"]]:
        if os.path.isfile(root):
            files.append(root)
            continue
        for d, subdirs, names in os.walk(root):
            subdirs[:] = sorted(s for s in subdirs if s not in ("site-packages", "__pycache__"))
            files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".py")]
    return files


def cpython_compile(path):
    try:
        with open(path, "rb") as f:
            src = f.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return compile(src, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
