# Simple value types (String, Integer, Float, Boolean, Enum) and the Required/Default
# fields of a Struct.  Executed after templates.py, in the same namespace.


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
