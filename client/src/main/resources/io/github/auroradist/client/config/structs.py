# Struct: typed, immutable objects with fields, bindings and obj(field=...) copies.
# Executed after simple_types.py, in the same namespace.


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
