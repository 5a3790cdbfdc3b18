"""Pyrite's finders on sys.meta_path.

The import statement runs on the native import system (vm/src/import.rs).
These finders answer importlib's questions -- importlib.import_module,
importlib.util.find_spec, importlib.reload, runpy, pkgutil -- with
CPython's own spec and loader classes from Lib's importlib, which they
import only when first asked, so start-up does not pay for them.
"""

import sys
import _imp


def _source_loader():
    """The loader class for source files: importlib's SourceFileLoader,
    reading source only."""
    global _SourceLoader
    try:
        return _SourceLoader
    except NameError:
        pass
    from importlib import _bootstrap_external as ext

    class SourceLoader(ext.SourceFileLoader):
        def get_code(self, fullname):
            path = self.get_filename(fullname)
            return self.source_to_code(self.get_data(path), path)

    # Shown as CPython shows its loader (the class is a SourceFileLoader).
    SourceLoader.__name__ = SourceLoader.__qualname__ = "SourceFileLoader"
    SourceLoader.__module__ = "_frozen_importlib_external"
    _SourceLoader = SourceLoader
    return SourceLoader


def _zip_importer(directory):
    """zipimport's importer for a directory inside an archive (the
    archive itself, or a package in it), or None."""
    try:
        import zipimport
        return zipimport.zipimporter(directory)
    except Exception:
        return None


def spec_for_file(name, file, path):
    """The spec of module `name` loaded from `file` (a package if `path`,
    its __path__, is not None): importlib's SourceFileLoader for a file
    on disk, zipimport's zipimporter for one inside a zip archive."""
    from importlib import _bootstrap_external as ext
    search = list(path) if path is not None else None
    import os
    if not os.path.isfile(file):
        directory = os.path.dirname(file)
        if path is not None:
            directory = os.path.dirname(directory)
        loader = _zip_importer(directory)
        if loader is not None:
            return ext.spec_from_file_location(name, file, loader=loader,
                                             submodule_search_locations=search)
    loader = _source_loader()(name, file)
    return ext.spec_from_file_location(name, file, loader=loader,
                                     submodule_search_locations=search)


def _spec_for(module):
    """The spec of a module the native import system loaded."""
    from importlib import _bootstrap as b
    name = module.__name__
    path = getattr(module, "__path__", None)
    file = getattr(module, "__file__", None)
    if file is None:
        if _imp.is_builtin(name):
            return b.spec_from_loader(name, b.BuiltinImporter, origin="built-in")
        if path is not None:
            spec = b.ModuleSpec(name, None, is_package=True)
            spec.submodule_search_locations = path
            return spec
        return None
    return spec_for_file(name, file, path)


def attach(module):
    """Gives a natively imported module its __spec__ and __loader__."""
    spec = _spec_for(module)
    if spec is not None:
        module.__spec__ = spec
        module.__loader__ = spec.loader


def activate():
    """importlib was imported: every module loaded so far gets a spec, as
    CPython's have from start-up (the native importer attaches one to
    each module it loads from now on), and sys.path_hooks holds the
    hooks CPython starts with, for code that asks importlib's PathFinder
    directly (modulefinder, pkgutil)."""
    if not PathFinder._hooked:
        try:
            PathFinder._install()
        except Exception:
            pass
    for name, module in list(sys.modules.items()):
        if name != "__main__" and isinstance(module, type(sys)) and getattr(module, "__spec__", None) is None:
            try:
                attach(module)
            except Exception:
                pass


class BuiltinFinder:
    """Pyrite's native modules (CPython's BuiltinImporter)."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if path is not None or not _imp.is_builtin(fullname):
            return None
        from importlib.machinery import BuiltinImporter
        return BuiltinImporter.find_spec(fullname, path, target)

    @classmethod
    def invalidate_caches(cls):
        pass


class PathFinder:
    """Source modules and packages on sys.path or a package's __path__,
    found by importlib's PathFinder and FileFinder, loaded from source
    (Pyrite does not read or write CPython's .pyc files)."""

    _hooked = False

    @classmethod
    def _install(cls):
        from importlib import _bootstrap_external as ext
        # CPython's hooks, in its order: zip archives, then directories.
        try:
            import zipimport
            sys.path_hooks.append(zipimport.zipimporter)
        except ImportError:
            pass
        sys.path_hooks.append(ext.FileFinder.path_hook((_source_loader(), ext.SOURCE_SUFFIXES)))
        cls._hooked = True

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if not cls._hooked:
            cls._install()
        from importlib import _bootstrap_external as ext
        return ext.PathFinder.find_spec(fullname, path, target)

    @classmethod
    def invalidate_caches(cls):
        if cls._hooked:
            from importlib import _bootstrap_external as ext
            ext.PathFinder.invalidate_caches()


sys.meta_path[:] = [BuiltinFinder, PathFinder]
