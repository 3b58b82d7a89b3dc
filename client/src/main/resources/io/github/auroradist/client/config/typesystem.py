# Typed, immutable, templated configuration objects for .aurora files.
#
# Our own implementation of the object model Aurora users know from Pystachio:
# Struct classes with Required/Default fields, List/Map/Enum/Choice types,
# {{mustache}} variables resolved at render time, .bind() and obj(field=...)
# copies.  Runs on Jython 2.7.
#
# Scoping (nearest first) when a value is rendered inside a struct S:
#   S's own populated fields, S's .bind() bindings (newest first), then the
#   same for each enclosing object out to the job.
# A reference such as {{profile.dataset}} finds `profile` in that chain, walks
# the attributes, and the text it finds is rendered again where it was found
# (in the scope of the struct that holds it) and then re-scanned where the
# reference was written, so templates resolve iteratively.
#
# The model is split over several resources the Java loader executes, in order, in one
# namespace (SchemaSources.MODULES): this one (errors and where they come from),
# templates.py ({{ }} scanning and rendering), simple_types.py (String, Integer, Float,
# Boolean, Enum; Required and Default), structs.py, containers.py (List, Map, Choice) and
# json_text.py; each uses the names of the ones before it.

import sys

# No `re`: Jython takes a quarter of a second or more to load it, and the few patterns
# needed here are simple to scan by hand.


class ConfigError(Exception):
    """A problem in the user's configuration, with the file and line in the message."""


class _EmptyType(object):
    def __repr__(self):
        return 'Empty'

    def __nonzero__(self):
        return False


Empty = _EmptyType()

_INTERNAL_FILES = set()


def _register_internal(filename):
    _INTERNAL_FILES.add(filename)


def _caller_origin():
    """The (file, line) of the nearest frame outside the schema modules."""
    try:
        f = sys._getframe(1)
    except Exception:
        return None
    while f is not None:
        fn = f.f_code.co_filename
        if fn not in _INTERNAL_FILES:
            return (fn, f.f_lineno)
        f = f.f_back
    return None


def _q(text):
    """Quotes a value for a message without Python's u'' prefix."""
    if isinstance(text, basestring):
        return "'%s'" % text
    return repr(text)


def _where(origin):
    if origin:
        return '%s:%d: ' % origin
    return ''


def _fail(origin, message):
    raise ConfigError(_where(origin) + message)


def _to_text(value):
    if isinstance(value, unicode):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value and 'True' or 'False'  # as Python (and Pystachio) print them
    if isinstance(value, float):
        return repr(value)
    return str(value)
