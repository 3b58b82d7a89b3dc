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

_THIS_FILE = None  # set by the loader: frames from this file are not "user" frames
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


_NOT_FOUND = object()
_NAME_START = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'
_NAME_CHARS = _NAME_START + '0123456789-'


def _iter_refs(text):
    """(start, end, inner) of each innermost {{inner}} (inner holds no braces), in order."""
    pos = 0
    n = len(text)
    while True:
        i = text.find('{{', pos)
        if i < 0:
            return
        k = i + 2
        while k < n and text[k] != '{' and text[k] != '}':
            k += 1
        if k + 1 < n and text[k] == '}' and text[k + 1] == '}':
            yield (i, k + 2, text[i + 2:k])
            pos = k + 2
        else:
            pos = i + 1


def _sub_refs(text, replace):
    out = []
    last = 0
    for start, end, inner in _iter_refs(text):
        out.append(text[last:start])
        out.append(replace(inner, text[start:end]))
        last = end
    if last == 0:
        return text
    out.append(text[last:])
    return ''.join(out)


def _parse_ref(text):
    """'profile.x', 'processes[0].name', 'thermos.ports[http]' -> [('attr'|'index', key), ...]."""
    text = text.strip()
    parts = []
    pos = 0
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == '[':
            end = text.find(']', pos)
            if end < 0 or not parts or '[' in text[pos + 1:end]:
                return None
            parts.append(('index', text[pos + 1:end].strip()))
            pos = end + 1
            continue
        if c == '.':
            if not parts:
                return None
            pos += 1
        elif parts:
            return None
        if pos >= n or text[pos] not in _NAME_START:
            return None
        end = pos + 1
        while end < n and text[end] in _NAME_CHARS:
            end += 1
        parts.append(('attr', text[pos:end]))
        pos = end
    if not parts or parts[0][0] != 'attr':
        return None
    return parts


def _is_template(value):
    return isinstance(value, basestring) and '{{' in value


# ---------------------------------------------------------------- scopes

class _StructScope(object):
    __slots__ = ('struct',)

    def __init__(self, struct):
        self.struct = struct

    def lookup(self, name):
        s = self.struct
        if name in s._fields:
            v = s._values.get(name, Empty)
            if v is not Empty:
                return (v, s._fields[name].type, s)
        return _NOT_FOUND


class _BindScope(object):
    __slots__ = ('env',)

    def __init__(self, env):
        self.env = env

    def lookup(self, name):
        if name in self.env:
            return (self.env[name], None, None)
        return _NOT_FOUND


def _own_chain(obj):
    chain = []
    if isinstance(obj, Struct):
        chain.append(_StructScope(obj))
    else:
        # a simple value fetched from a struct (p.cmdline()) also sees that struct's fields
        st = getattr(obj, '_scope_struct', None)
        if st is not None:
            chain.append(_StructScope(st))
    for env in obj._bindings:
        chain.append(_BindScope(env))
    return chain


class _RenderContext(object):
    def __init__(self):
        self.in_progress = set()
        self.unbound = []     # (ref, origin, where)
        self.refs = set()     # every reference left for the executor

    def note_unbound(self, ref, origin, where):
        self.unbound.append((ref, origin, where))


def _walk(value, vtype, owner, parts, chains, origin, ref_text=''):
    """Follow .attr / [key] parts from a found value; returns (value, type, owner chain)."""
    for kind, key in parts:
        if isinstance(value, Struct):
            if key not in value._fields:
                _fail(origin, 'unbound variable {{%s}}: %s has no field %s (its fields are: %s)'
                      % (ref_text.strip(), type(value).__name__, _q(key),
                         ', '.join(sorted(value._fields))))
            chains = _own_chain(value) + chains
            vtype = value._fields[key].type
            owner = value
            value = value._values.get(key, Empty)
            if value is Empty:
                return _NOT_FOUND
        elif isinstance(value, ListObject) or isinstance(value, (list, tuple)):
            items = value._items if isinstance(value, ListObject) else value
            if isinstance(value, ListObject):
                chains = _own_chain(value) + chains
                vtype = type(value)._elem
            else:
                vtype = None
            try:
                idx = int(key)
            except ValueError:
                _fail(origin, 'list index must be a number, got %s' % _q(key))
            if idx < 0 or idx >= len(items):
                return _NOT_FOUND
            value = items[idx]
        elif isinstance(value, MapObject) or isinstance(value, dict):
            d = value._items if isinstance(value, MapObject) else value
            if isinstance(value, MapObject):
                chains = _own_chain(value) + chains
                vtype = type(value)._value_type
            else:
                vtype = None
            if key not in d:
                return _NOT_FOUND
            value = d[key]
        elif isinstance(value, Simple):
            return _NOT_FOUND
        else:
            return _NOT_FOUND
    return (value, vtype, owner, chains)


def _resolve(ref_text, chain, ctx, origin):
    parts = _parse_ref(ref_text)
    if parts is None:
        return _NOT_FOUND
    first = parts[0][1]
    for i in range(len(chain)):
        scope = chain[i]
        if (len(parts) == 1 and isinstance(scope, _StructScope)
                and (id(scope.struct), first) in ctx.in_progress):
            # A field that names itself (cluster='{{cluster}}') takes its value from the
            # bindings and enclosing objects; Pystachio would loop forever here.
            continue
        found = scope.lookup(first)
        if found is _NOT_FOUND:
            continue
        value, vtype, owner = found
        owner_chain = _own_chain(owner) if owner is not None else []
        walked = _walk(value, vtype, owner, parts[1:], owner_chain, origin, ref_text)
        if walked is _NOT_FOUND:
            return _NOT_FOUND
        value, vtype, owner, inner_chain = walked
        if isinstance(value, (Struct, ListObject, MapObject, list, dict)):
            _fail(origin, '{{%s}} names a %s, not a single value; refer to one of its fields'
                  % (ref_text.strip(), type(value).__name__))
        if isinstance(value, Simple):
            inner_chain = _own_chain(value) + inner_chain
            value = value._value
        if isinstance(value, Simple):
            value = value._value
        text = _to_text(value)
        if '{{' in text:
            key = (id(owner), ref_text.strip()) if owner is not None else None
            if key is not None:
                if key in ctx.in_progress:
                    _fail(origin, 'variable {{%s}} refers to itself' % ref_text.strip())
                ctx.in_progress.add(key)
            try:
                text = _interpolate_text(text, inner_chain, ctx, origin, None)
            finally:
                if key is not None:
                    ctx.in_progress.discard(key)
        return text
    return _NOT_FOUND


def _interpolate_text(text, chain, ctx, origin, where):
    """Replaces every {{ref}} that the chain can resolve; leaves the others."""
    if '{{' not in text:
        return text
    for _ in range(100):
        state = {'changed': False}

        def replace(inner, whole):
            r = _resolve(inner, chain, ctx, origin)
            if r is _NOT_FOUND:
                return whole
            state['changed'] = True
            return r
        new = _sub_refs(text, replace)
        if new == text:
            return text
        text = new
    _fail(origin, 'templates in %r do not settle (a variable refers to itself?)' % text)


def _final_text(text, chain, ctx, origin, where):
    """Interpolates and records what is left: mesos/thermos refs for the executor, others unbound."""
    text = _interpolate_text(text, chain, ctx, origin, where)
    if '{{' in text:
        for _start, _end, inner in _iter_refs(text):
            ref = inner.strip()
            if ref.startswith('mesos.') or ref.startswith('thermos.'):
                ctx.refs.add(ref)
            else:
                ctx.note_unbound(ref, origin, where)
    return text


# ---------------------------------------------------------------- simple types

class Simple(object):
    """Base of String, Integer, Float, Boolean and Enum values (also usable as types)."""
    _type_name = 'Simple'

    def __init__(self, value):
        self._origin = _caller_origin()
        self._value = type(self)._coerce(value, self._origin, type(self).__name__)
        self._bindings = ()

    def bind(self, *args, **kw):
        c = object.__new__(type(self))
        c._value = self._value
        c._bindings = (_collect_bindings(args, kw),) + tuple(self._bindings)
        c._origin = self._origin
        return c

    def get(self):
        ctx = _RenderContext()
        return type(self)._render(self, [], ctx, self._origin, type(self).__name__)

    def __str__(self):
        v = self.get()
        return _to_text(v)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, _to_text(self._value))

    def __eq__(self, other):
        if isinstance(other, Simple):
            other = other.get()
        return self.get() == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.get())

    def __add__(self, other):
        return str(self) + _to_text(other)

    def __radd__(self, other):
        return _to_text(other) + str(self)

    def __mod__(self, other):
        return str(self) % other

    @classmethod
    def _coerce(cls, value, origin, where):
        if isinstance(value, Simple):
            return value
        return cls._coerce_raw(value, origin, where)

    @classmethod
    def _render(cls, value, chain, ctx, origin, where):
        if isinstance(value, Simple):
            chain = _own_chain(value) + chain
            value = value._value
        if _is_template(value):
            value = _final_text(value, chain, ctx, origin, where)
            if '{{' in value:
                return value  # left for the executor (mesos/thermos) or reported as unbound
            return cls._convert(value, origin, where)
        return cls._convert(value, origin, where)


class String(Simple):
    @classmethod
    def _coerce_raw(cls, value, origin, where):
        if isinstance(value, basestring):
            return value
        if isinstance(value, (bool, int, long, float)):
            return _to_text(value)
        _fail(origin, '%s: expected a String, got %s %s' % (where, type(value).__name__, _q(value)))

    @classmethod
    def _convert(cls, value, origin, where):
        if isinstance(value, str):
            try:
                return value.decode('utf-8')
            except UnicodeError:
                return value.decode('latin-1')
        return value if isinstance(value, unicode) else _to_text(value)


class Integer(Simple):
    @classmethod
    def _coerce_raw(cls, value, origin, where):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, long)):
            return value
        if isinstance(value, float):
            return int(value)
        if isinstance(value, basestring):
            if '{{' in value:
                return value
            return cls._convert(value, origin, where)
        _fail(origin, '%s: expected an Integer, got %s %s' % (where, type(value).__name__, _q(value)))

    @classmethod
    def _convert(cls, value, origin, where):
        if isinstance(value, (int, long)) and not isinstance(value, bool):
            return value
        if isinstance(value, (bool, float)):
            return int(value)
        try:
            return int(value.strip())
        except (ValueError, AttributeError):
            try:
                f = float(value.strip())
                if f == int(f):
                    return int(f)
            except (ValueError, AttributeError):
                pass
            _fail(origin, '%s: expected an Integer, got %s' % (where, _q(value)))


class Float(Simple):
    @classmethod
    def _coerce_raw(cls, value, origin, where):
        if isinstance(value, (int, long, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, basestring):
            if '{{' in value:
                return value
            return cls._convert(value, origin, where)
        _fail(origin, '%s: expected a Float, got %s %s' % (where, type(value).__name__, _q(value)))

    @classmethod
    def _convert(cls, value, origin, where):
        if isinstance(value, (int, long, float)) and not isinstance(value, bool):
            return float(value)
        try:
            return float(value.strip())
        except (ValueError, AttributeError):
            _fail(origin, '%s: expected a Float, got %s' % (where, _q(value)))


class Boolean(Simple):
    @classmethod
    def _coerce_raw(cls, value, origin, where):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, long)) and value in (0, 1):
            return bool(value)
        if isinstance(value, basestring):
            if '{{' in value:
                return value
            return cls._convert(value, origin, where)
        _fail(origin, '%s: expected a Boolean, got %s %s' % (where, type(value).__name__, _q(value)))

    @classmethod
    def _convert(cls, value, origin, where):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, long)) and value in (0, 1):
            return bool(value)
        text = value.strip().lower() if isinstance(value, basestring) else None
        if text in ('true', '1'):
            return True
        if text in ('false', '0'):
            return False
        _fail(origin, '%s: expected a Boolean (True or False), got %s' % (where, _q(value)))


_enum_classes = {}


def Enum(*args):
    """Enum('a', 'b') or Enum('Name', ('a', 'b')): a String restricted to the given values."""
    if len(args) == 2 and isinstance(args[1], (list, tuple)):
        name, values = args[0], tuple(args[1])
    else:
        values = tuple(args)
        name = 'Enum_' + '_'.join(values)

    class _Enum(String):
        _values = values

        @classmethod
        def _coerce_raw(cls, value, origin, where):
            value = String._coerce_raw(value, origin, where)
            if not _is_template(value) and value not in cls._values:
                _fail(origin, '%s: %s is not one of %s' % (where, _q(value), ', '.join(cls._values)))
            return value

        @classmethod
        def _convert(cls, value, origin, where):
            value = String._convert(value, origin, where)
            if value not in cls._values:
                _fail(origin, '%s: %s is not one of %s' % (where, _q(value), ', '.join(cls._values)))
            return value
    _Enum.__name__ = str(name)
    return _Enum


# ---------------------------------------------------------------- fields

class _Field(object):
    def __init__(self, ftype, required=False, default=Empty):
        self.type = _as_type(ftype)
        self.required = required
        self.default = default


def Required(ftype):
    return _Field(ftype, required=True)


def Default(ftype, value):
    return _Field(ftype, default=value)


def _as_type(t):
    if isinstance(t, type) and (issubclass(t, Simple) or issubclass(t, Struct)
                                or issubclass(t, ListObject) or issubclass(t, MapObject)
                                or issubclass(t, ChoiceObject)):
        return t
    raise ConfigError('%r is not a configuration type (use String, Integer, Float, Boolean, '
                      'a Struct class, List(...), Map(...), Enum(...) or Choice([...]))' % (t,))


def _type_label(t):
    return t.__name__


def _collect_bindings(args, kw):
    env = {}
    for a in args:
        if isinstance(a, dict):
            env.update(a)
        else:
            raise ConfigError('bind() takes dictionaries or name=value pairs, got %r' % (a,))
    env.update(kw)
    for k in env:
        if not isinstance(k, basestring):
            raise ConfigError('bind() names must be strings, got %r' % (k,))
    return env


# ---------------------------------------------------------------- structs

class _StructMeta(type):
    def __new__(mcs, name, bases, attrs):
        fields = {}
        for b in reversed(bases):
            fields.update(getattr(b, '_fields', {}))
        own = {}
        for k, v in list(attrs.items()):
            if k.startswith('_'):
                continue
            if isinstance(v, _Field):
                own[k] = v
                del attrs[k]
            elif isinstance(v, type) and (issubclass(v, Simple) or issubclass(v, Struct)
                                          or issubclass(v, ListObject) or issubclass(v, MapObject)
                                          or issubclass(v, ChoiceObject)):
                own[k] = _Field(v)
                del attrs[k]
        fields.update(own)
        attrs['_fields'] = fields
        cls = type.__new__(mcs, name, bases, attrs)
        # Defaults are coerced once the class exists (a default may be a struct of this module).
        for k, f in own.items():
            if f.default is not Empty:
                f.default = f.type._coerce(f.default, None, '%s.%s' % (name, k))
        return cls


class Struct(object):
    __metaclass__ = _StructMeta
    _fields = {}

    def __init__(self, *args, **kw):
        self._values = {}
        self._bindings = ()
        self._origin = _caller_origin()
        for k, f in self._fields.items():
            if f.default is not Empty:
                self._values[k] = f.default
        self._update(args, kw)

    def _update(self, args, kw):
        values = {}
        for a in args:
            if isinstance(a, dict):
                values.update(a)
            else:
                _fail(self._origin, '%s() takes keyword arguments (field=value), got %r'
                      % (type(self).__name__, a))
        values.update(kw)
        for k, v in values.items():
            if k not in self._fields:
                _fail(self._origin, '%s has no field %s; its fields are: %s'
                      % (type(self).__name__, _q(k), ', '.join(sorted(self._fields))))
            if v is Empty or v is None:
                self._values.pop(k, None)
                continue
            where = '%s.%s' % (type(self).__name__, k)
            self._values[k] = self._fields[k].type._coerce(v, self._origin, where)

    def _copy(self):
        c = object.__new__(type(self))
        c._values = dict(self._values)
        c._bindings = self._bindings
        c._origin = self._origin
        return c

    def __call__(self, *args, **kw):
        c = self._copy()
        c._origin = _caller_origin() or self._origin
        c._update(args, kw)
        return c

    def bind(self, *args, **kw):
        c = self._copy()
        c._bindings = (_collect_bindings(args, kw),) + tuple(self._bindings)
        return c

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        fields = type(self)._fields
        if name in fields:
            return lambda: _accessor_value(self, name)
        if name.startswith('has_') and name[4:] in fields:
            return lambda: self._values.get(name[4:], Empty) is not Empty
        raise AttributeError('%s has no attribute %r' % (type(self).__name__, name))

    def __repr__(self):
        items = ', '.join('%s=%r' % (k, self._values[k]) for k in sorted(self._values))
        return '%s(%s)' % (type(self).__name__, items)

    def __eq__(self, other):
        return (type(self) is type(other) and self._values == other._values
                and self._bindings == other._bindings)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return id(self)

    def check(self):
        ctx = _RenderContext()
        type(self)._render(self, [], ctx, self._origin, type(self).__name__)
        return True

    def get(self):
        ctx = _RenderContext()
        return type(self)._render(self, [], ctx, self._origin, type(self).__name__)

    def json_dumps(self):
        return to_json(self.get())

    @classmethod
    def _coerce(cls, value, origin, where):
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            s = cls(**dict((str(k), v) for k, v in value.items()))
            return s
        _fail(origin, '%s: expected a %s, got %s' % (where, cls.__name__, _describe(value)))

    @classmethod
    def _render(cls, value, chain, ctx, origin, where):
        return value._render_struct(chain, ctx)

    def _prepare(self):
        """Hook for subclasses that derive fields before rendering (SequentialTask)."""
        return self

    def _render_struct(self, chain, ctx):
        me = self._prepare()
        chain = _own_chain(me) + chain
        out = {}
        name = type(me).__name__
        for k in sorted(me._fields):
            f = me._fields[k]
            v = me._values.get(k, Empty)
            if v is Empty:
                if f.required:
                    _fail(me._origin, '%s.%s is required' % (name, k))
                continue
            key = (id(me), k)
            ctx.in_progress.add(key)
            try:
                out[k] = f.type._render(v, chain, ctx, me._origin, '%s.%s' % (name, k))
            finally:
                ctx.in_progress.discard(key)
        return out


def _describe(value):
    if isinstance(value, Struct):
        return 'a %s' % type(value).__name__
    return '%s %s' % (type(value).__name__, _q(value))


def _accessor_value(struct, name):
    v = struct._values.get(name, Empty)
    if v is Empty:
        return Empty
    t = struct._fields[name].type
    if isinstance(v, (Struct, ListObject, MapObject)):
        return v
    if isinstance(v, Simple):
        v = v._value
    if issubclass(t, ChoiceObject):
        return v
    s = object.__new__(t)
    s._value = v
    # the value sees the struct's own fields and bindings
    s._bindings = tuple(struct._bindings)
    s._origin = struct._origin
    s._scope_struct = struct
    return s




# ---------------------------------------------------------------- containers

class ListObject(object):
    _elem = None

    def __init__(self, items=()):
        self._origin = _caller_origin()
        self._bindings = ()
        self._items = type(self)._coerce_items(items, self._origin, type(self).__name__)

    @classmethod
    def _coerce_items(cls, items, origin, where):
        if isinstance(items, ListObject):
            items = items._items
        if not isinstance(items, (list, tuple)):
            _fail(origin, '%s: expected a list, got %s' % (where, _describe(items)))
        return tuple(cls._elem._coerce(v, origin, '%s[%d]' % (where, i))
                     for i, v in enumerate(items))

    @classmethod
    def _coerce(cls, value, origin, where):
        if isinstance(value, cls):
            return value
        c = object.__new__(cls)
        c._origin = origin
        c._bindings = tuple(value._bindings) if isinstance(value, ListObject) else ()
        c._items = cls._coerce_items(value, origin, where)
        return c

    @classmethod
    def _render(cls, value, chain, ctx, origin, where):
        chain = _own_chain(value) + chain
        return [cls._elem._render(v, chain, ctx, origin, '%s[%d]' % (where, i))
                for i, v in enumerate(value._items)]

    def bind(self, *args, **kw):
        c = object.__new__(type(self))
        c._origin = self._origin
        c._items = self._items
        c._bindings = (_collect_bindings(args, kw),) + tuple(self._bindings)
        return c

    def get(self):
        return type(self)._render(self, [], _RenderContext(), self._origin, type(self).__name__)

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __getitem__(self, i):
        return self._items[i]

    def __add__(self, other):
        other_items = other._items if isinstance(other, ListObject) else list(other)
        return list(self._items) + list(other_items)

    def __radd__(self, other):
        return list(other) + list(self._items)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(repr(i) for i in self._items))


class MapObject(object):
    _key_type = None
    _value_type = None

    def __init__(self, items=None):
        self._origin = _caller_origin()
        self._bindings = ()
        self._items = type(self)._coerce_items(items or {}, self._origin, type(self).__name__)

    @classmethod
    def _coerce_items(cls, items, origin, where):
        if isinstance(items, MapObject):
            items = items._items
        if not isinstance(items, dict):
            _fail(origin, '%s: expected a dict, got %s' % (where, _describe(items)))
        out = {}
        for k, v in items.items():
            ck = cls._key_type._coerce(k, origin, '%s key' % where)
            out[ck] = cls._value_type._coerce(v, origin, '%s[%s]' % (where, _to_text(k)))
        return out

    @classmethod
    def _coerce(cls, value, origin, where):
        if isinstance(value, cls):
            return value
        c = object.__new__(cls)
        c._origin = origin
        c._bindings = tuple(value._bindings) if isinstance(value, MapObject) else ()
        c._items = cls._coerce_items(value, origin, where)
        return c

    @classmethod
    def _render(cls, value, chain, ctx, origin, where):
        chain = _own_chain(value) + chain
        out = {}
        for k, v in value._items.items():
            rk = cls._key_type._render(k, chain, ctx, origin, '%s key' % where)
            out[_to_text(rk)] = cls._value_type._render(v, chain, ctx, origin,
                                                        '%s[%s]' % (where, _to_text(k)))
        return out

    def bind(self, *args, **kw):
        c = object.__new__(type(self))
        c._origin = self._origin
        c._items = self._items
        c._bindings = (_collect_bindings(args, kw),) + tuple(self._bindings)
        return c

    def get(self):
        return type(self)._render(self, [], _RenderContext(), self._origin, type(self).__name__)

    def __getitem__(self, k):
        return self._items[k]

    def __contains__(self, k):
        return k in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def items(self):
        return self._items.items()

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, self._items)


_list_classes = {}
_map_classes = {}


def List(elem):
    elem = _as_type(elem)
    cls = _list_classes.get(elem)
    if cls is None:
        cls = type(str(elem.__name__ + 'List'), (ListObject,), {'_elem': elem})
        _list_classes[elem] = cls
    return cls


def Map(key_type, value_type):
    key_type = _as_type(key_type)
    value_type = _as_type(value_type)
    cls = _map_classes.get((key_type, value_type))
    if cls is None:
        cls = type(str('%s%sMap' % (key_type.__name__, value_type.__name__)), (MapObject,),
                   {'_key_type': key_type, '_value_type': value_type})
        _map_classes[(key_type, value_type)] = cls
    return cls


class ChoiceObject(object):
    _choices = ()

    @classmethod
    def _coerce(cls, value, origin, where):
        for t in cls._choices:
            if issubclass(t, Struct) and isinstance(value, t):
                return value
        for t in cls._choices:
            if not issubclass(t, Struct):
                try:
                    return t._coerce(value, origin, where)
                except ConfigError:
                    pass
        _fail(origin, '%s: expected one of %s, got %s'
              % (where, ', '.join(t.__name__ for t in cls._choices), _describe(value)))

    @classmethod
    def _render(cls, value, chain, ctx, origin, where):
        for t in cls._choices:
            if issubclass(t, Struct) and isinstance(value, t):
                return t._render(value, chain, ctx, origin, where)
        for t in cls._choices:
            if not issubclass(t, Struct):
                return t._render(value, chain, ctx, origin, where)
        return value


def Choice(choices):
    choices = tuple(_as_type(c) for c in choices)
    return type(str('Choice_' + '_'.join(c.__name__ for c in choices)), (ChoiceObject,),
                {'_choices': choices})


# ---------------------------------------------------------------- JSON

def _json_string(s):
    if isinstance(s, str):
        try:
            s = s.decode('utf-8')
        except UnicodeError:
            s = s.decode('latin-1')
    out = [u'"']
    for ch in s:
        o = ord(ch)
        if ch == u'"':
            out.append(u'\\"')
        elif ch == u'\\':
            out.append(u'\\\\')
        elif ch == u'\n':
            out.append(u'\\n')
        elif ch == u'\r':
            out.append(u'\\r')
        elif ch == u'\t':
            out.append(u'\\t')
        elif o < 0x20:
            out.append(u'\\u%04x' % o)
        else:
            out.append(ch)
    out.append(u'"')
    return u''.join(out)


def to_json(value):
    if value is None:
        return u'null'
    if isinstance(value, bool):
        return value and u'true' or u'false'
    if isinstance(value, (int, long)):
        return unicode(value)
    if isinstance(value, float):
        return unicode(repr(value))
    if isinstance(value, basestring):
        return _json_string(value)
    if isinstance(value, dict):
        return u'{' + u', '.join(_json_string(k) + u': ' + to_json(value[k])
                                 for k in sorted(value)) + u'}'
    if isinstance(value, (list, tuple)):
        return u'[' + u', '.join(to_json(v) for v in value) + u']'
    raise ConfigError('cannot write %r as JSON' % (value,))
