# Containers (List, Map) and Choice types.  Executed after structs.py, in the same
# namespace.


class _Container(object):
    """What List and Map objects share: coercion, bindings, rendering on get()."""

    def __init__(self, items):
        self._origin = _caller_origin()
        self._bindings = ()
        self._items = type(self)._coerce_items(items, self._origin, type(self).__name__)

    @classmethod
    def _coerce(cls, value, origin, where):
        if isinstance(value, cls):
            return value
        c = object.__new__(cls)
        c._origin = origin
        c._bindings = tuple(value._bindings) if isinstance(value, _Container) else ()
        c._items = cls._coerce_items(value, origin, where)
        return c

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


class ListObject(_Container):
    _elem = None

    def __init__(self, items=()):
        _Container.__init__(self, items)

    @classmethod
    def _coerce_items(cls, items, origin, where):
        if isinstance(items, ListObject):
            items = items._items
        if not isinstance(items, (list, tuple)):
            _fail(origin, '%s: expected a list, got %s' % (where, _describe(items)))
        return tuple(cls._elem._coerce(v, origin, '%s[%d]' % (where, i))
                     for i, v in enumerate(items))

    @classmethod
    def _render(cls, value, chain, ctx, origin, where):
        chain = _own_chain(value) + chain
        return [cls._elem._render(v, chain, ctx, origin, '%s[%d]' % (where, i))
                for i, v in enumerate(value._items)]

    def __add__(self, other):
        other_items = other._items if isinstance(other, ListObject) else list(other)
        return list(self._items) + list(other_items)

    def __radd__(self, other):
        return list(other) + list(self._items)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(repr(i) for i in self._items))


class MapObject(_Container):
    _key_type = None
    _value_type = None

    def __init__(self, items=None):
        _Container.__init__(self, items or {})

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
    def _render(cls, value, chain, ctx, origin, where):
        chain = _own_chain(value) + chain
        out = {}
        for k, v in value._items.items():
            rk = cls._key_type._render(k, chain, ctx, origin, '%s key' % where)
            out[_to_text(rk)] = cls._value_type._render(v, chain, ctx, origin,
                                                        '%s[%s]' % (where, _to_text(k)))
        return out

    def __contains__(self, k):
        return k in self._items

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
