# {{mustache}} references: scanning text for them, the scopes they are looked up in, and
# rendering them.  Executed after typesystem.py, in its namespace.


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
    """Interpolates and records what is left: mesos/thermos refs for the executor, docker.image refs for the
    client's registry lookup (after loading, once the job's cluster is known), others unbound."""
    text = _interpolate_text(text, chain, ctx, origin, where)
    if '{{' in text:
        for _start, _end, inner in _iter_refs(text):
            ref = inner.strip()
            if ref.startswith('mesos.') or ref.startswith('thermos.'):
                ctx.refs.add(ref)
            elif ref.startswith('docker.image['):
                pass
            else:
                ctx.note_unbound(ref, origin, where)
    return text
