# Evaluates one .aurora file (and what it include()s) in a fresh namespace that
# holds the schema objects, and hands its `jobs` list back to the Java loader.
# Executed in the same namespace as typesystem.py and schema.py.

# No `import os` here: Jython's os module costs more than half a second to load, and
# these few path operations are simple on the POSIX systems the client runs on.

_EXPORTS = None


def _dirname(path):
    head = path.rsplit('/', 1)[0] if '/' in path else '.'
    return head or '/'


def _normpath(path):
    absolute = path.startswith('/')
    parts = []
    for part in path.split('/'):
        if part in ('', '.'):
            continue
        if part == '..' and parts and parts[-1] != '..':
            parts.pop()
        elif part == '..' and absolute:
            continue
        else:
            parts.append(part)
    text = '/'.join(parts)
    return ('/' + text) if absolute else (text or '.')


def _is_file(path):
    try:
        open(path, 'rb').close()
        return True
    except IOError:
        return False


def _exports():
    global _EXPORTS
    if _EXPORTS is None:
        g = globals()
        _EXPORTS = dict((k, v) for k, v in g.items()
                        if not k.startswith('_') and k not in ('re', 'sys'))
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
    """path: absolute (the Java loader passes one)."""
    namespace = dict(_exports())
    namespace['__name__'] = '__aurora_config__'
    namespace['__file__'] = path
    including = []

    def include(filename):
        origin = _caller_origin()
        here = _dirname(origin[0]) if origin else _dirname(path)
        target = filename if filename.startswith('/') else here + '/' + filename
        target = _normpath(target)
        if not _is_file(target):
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
