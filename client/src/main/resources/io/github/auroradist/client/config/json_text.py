# to_json: the rendered configuration as JSON text, as the Java loader reads it.
# Executed after containers.py, in the same namespace.


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
