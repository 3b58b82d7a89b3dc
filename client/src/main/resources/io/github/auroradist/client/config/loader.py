# Evaluates one .aurora file (and what it include()s) in a fresh namespace that
# holds the schema objects, and hands its `jobs` list back to the Java loader.
# Executed in the same namespace as typesystem.py and schema.py.

import os

_EXPORTS = None


def _exports():
    global _EXPORTS
    if _EXPORTS is None:
        g = globals()
        _EXPORTS = dict((k, v) for k, v in g.items()
                        if not k.startswith('_') and k not in ('os', 're', 'sys'))
    return _EXPORTS


def _read_source(path):
    f = open(path, 'rb')
    try:
        source = f.read()
    finally:
        f.close()
    source = source.replace('\r\n', '\n')
    if not source.endswith('\n'):
        source += '\n'
    return source


def _exec_file(path, namespace):
    code = compile(_read_source(path), path, 'exec')
    exec code in namespace


def _load_config(path):
    path = os.path.abspath(path)
    namespace = dict(_exports())
    namespace['__name__'] = '__aurora_config__'
    namespace['__file__'] = path
    including = []

    def include(filename):
        origin = _caller_origin()
        here = os.path.dirname(origin[0]) if origin else os.path.dirname(path)
        target = filename if os.path.isabs(filename) else os.path.join(here, filename)
        target = os.path.normpath(target)
        if not os.path.isfile(target):
            _fail(origin, 'include(%r): there is no file %s' % (filename, target))
        if target in including:
            _fail(origin, 'include(%r): %s includes itself' % (filename, target))
        including.append(target)
        try:
            _exec_file(target, namespace)
        finally:
            including.pop()

    namespace['include'] = include
    _exec_file(path, namespace)
    if 'jobs' not in namespace:
        raise ConfigError('%s defines no jobs: end the file with jobs = [Job(...), ...]' % path)
    jobs = namespace['jobs']
    if isinstance(jobs, ListObject):
        jobs = list(jobs._items)
    if not isinstance(jobs, (list, tuple)):
        raise ConfigError('%s: jobs must be a list of Job or Service objects, got %s'
                          % (path, _describe(jobs)))
    for j in jobs:
        if not isinstance(j, MesosJob):
            raise ConfigError('%s: jobs must hold Job or Service objects, got %s'
                              % (path, _describe(j)))
    return list(jobs)
