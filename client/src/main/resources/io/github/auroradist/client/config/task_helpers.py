# Thermos's task helpers that .aurora files use: order, SimpleTask, combine_tasks, concat_tasks
# and the Tasks, Processes and Units namespaces. Executed after schema.py, in the same namespace.

def _process_name(p):
    if isinstance(p, Process):
        return p.name()
    if isinstance(p, (basestring, Simple)):
        return p
    raise ConfigError(_where(_caller_origin()) + 'order() takes Processes or process names, got %s'
                      % _describe(p))


def order(*processes):
    """order(a, b, c) == [Constraint(order=[a.name(), b.name(), c.name()])]"""
    return [Constraint(order=[_process_name(p) for p in processes])]


def SimpleTask(name, command):
    """A one-process task with 1 cpu, 1 GB of RAM and 1 GB of disk."""
    return Task(name=name,
                processes=[Process(name=name, cmdline=command)],
                resources=Resources(cpu=1.0, ram=1 * GB, disk=1 * GB))


def _task_list(tasks):
    if len(tasks) == 1 and isinstance(tasks[0], (list, tuple)):
        tasks = tuple(tasks[0])
    for t in tasks:
        if not isinstance(t, Task):
            raise ConfigError(_where(_caller_origin()) + 'expected Tasks, got %s' % _describe(t))
    return tasks


def _resources_of(task):
    r = task._values.get('resources', Empty)
    if r is Empty:
        return None
    return r


def _sum_resources(resources, combine):
    present = [r for r in resources if r is not None]
    if not present:
        return Empty
    out = {}
    for field in ('cpu', 'ram', 'disk', 'gpu'):
        vals = [r._values.get(field, Empty) for r in present]
        vals = [v for v in vals if v is not Empty]
        if not vals:
            continue
        if any(_is_template(v) or isinstance(v, Simple) for v in vals):
            raise ConfigError(_where(present[0]._origin) + 'cannot combine templated Resources.%s'
                              % field)
        out[field] = combine(vals)
    return Resources(**out)


def combine_tasks(*tasks):
    """One task running all processes of the given tasks side by side.

    The name is the first task's, constraints are kept, resources are added up.
    """
    tasks = _task_list(tasks)
    if not tasks:
        return Task()
    processes = []
    constraints = []
    for t in tasks:
        processes.extend(t._values.get('processes', ()) or ())
        constraints.extend(t._values.get('constraints', ()) or ())
    base = tasks[0]
    return base(processes=list(processes), constraints=list(constraints),
                resources=_sum_resources([_resources_of(t) for t in tasks], sum))


def _is_final(process):
    v = process._values.get('final', False)
    return v is True or (isinstance(v, basestring) and v.strip().lower() == 'true')


def concat_tasks(*tasks):
    """One task running the given tasks one after another.

    Every process of a task starts only after all processes of the task before it
    finished (final processes are ordered only among final ones, as Thermos requires);
    resources are the largest of each kind (only one task runs at a time).
    """
    tasks = _task_list(tasks)
    if not tasks:
        return Task()
    processes = []
    constraints = []
    previous = []
    for t in tasks:
        procs = list(t._values.get('processes', ()) or ())
        constraints.extend(t._values.get('constraints', ()) or ())
        for before in previous:
            for after in procs:
                if _is_final(before) == _is_final(after):
                    constraints.append(Constraint(order=[before.name(), after.name()]))
        processes.extend(procs)
        previous = procs
    base = tasks[0]
    return base(processes=processes, constraints=constraints,
                resources=_sum_resources([_resources_of(t) for t in tasks], max))


def _finalization_waits(tasks, combine):
    waits = [t._values.get('finalization_wait', Empty) for t in _task_list(tasks)]
    waits = [30 if w is Empty else w for w in waits]
    if any(_is_template(w) or isinstance(w, Simple) for w in waits):
        raise ConfigError(_where(_caller_origin()) + 'cannot combine templated Task.finalization_wait')
    return combine(waits) if waits else 0


class Tasks(object):
    """Thermos's task helpers under their class names (Tasks.simple, Tasks.combine, ...)."""
    simple = staticmethod(SimpleTask)
    combine = staticmethod(combine_tasks)
    concat = staticmethod(concat_tasks)

    @staticmethod
    def sequential(task):
        """The task with its processes ordered one after another, as SequentialTask."""
        names = [_process_name(p) for p in (task._values.get('processes', ()) or ())]
        constraints = list(task._values.get('constraints', ()) or ())
        if len(names) > 1:
            constraints = order(*names) + constraints
        return task(constraints=constraints)


class Processes(object):
    """Thermos's process helpers: Processes.order(a, b) == order(a, b)."""
    order = staticmethod(order)


class Units(object):
    """Thermos's arithmetic over tasks' resources and finalization waits."""

    @staticmethod
    def resources_sum(*resources):
        return _sum_resources(list(_flatten(resources)), sum)

    @staticmethod
    def resources_max(*resources):
        return _sum_resources(list(_flatten(resources)), max)

    @staticmethod
    def finalization_wait_sum(*tasks):
        return _finalization_waits(tasks, sum)

    @staticmethod
    def finalization_wait_max(*tasks):
        return _finalization_waits(tasks, max)


def _flatten(items):
    for i in items:
        if isinstance(i, (list, tuple)):
            for j in i:
                yield j
        else:
            yield i
