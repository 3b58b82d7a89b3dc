# The Aurora configuration objects (Job, Task, Process, ...), their defaults as the
# Aurora configuration reference documents them, the helpers .aurora files use
# (task_helpers.py has order, SimpleTask, combine_tasks, ...) and the client-side checks and export.
# Executed in the same namespace as typesystem.py.

B = 1
KB = 1024 * B
MB = 1024 * KB
GB = 1024 * MB
TB = 1024 * GB
PB = 1024 * TB


# ---------------------------------------------------------------- processes

class RotatePolicy(Struct):
    log_size = Default(Integer, 100 * MB)
    backups = Default(Integer, 5)


LoggerDestination = Enum('LoggerDestination', ('file', 'console', 'both', 'none'))
LoggerMode = Enum('LoggerMode', ('standard', 'rotate'))


class Logger(Struct):
    destination = Default(LoggerDestination, 'file')
    mode = Default(LoggerMode, 'standard')
    rotate = RotatePolicy


class Process(Struct):
    cmdline = Required(String)
    name = Required(String)
    max_failures = Default(Integer, 1)
    daemon = Default(Boolean, False)
    ephemeral = Default(Boolean, False)
    min_duration = Default(Integer, 5)
    final = Default(Boolean, False)
    logger = Logger


# ---------------------------------------------------------------- tasks

class Constraint(Struct):
    order = List(String)


class Resources(Struct):
    cpu = Required(Float)
    ram = Required(Integer)
    disk = Required(Integer)
    gpu = Default(Integer, 0)


class Task(Struct):
    name = Default(String, '{{processes[0].name}}')
    processes = Required(List(Process))
    constraints = Default(List(Constraint), [])
    resources = Required(Resources)
    max_failures = Default(Integer, 1)
    max_concurrency = Default(Integer, 0)
    finalization_wait = Default(Integer, 30)


class SequentialTask(Task):
    """A Task whose processes run one after another, in list order."""

    def _render_struct(self, chain, ctx):
        out = Task._render_struct(self, chain, ctx)
        names = [p['name'] for p in out.get('processes', [])]
        if len(names) > 1:
            out['constraints'] = [{'order': names}] + list(out.get('constraints', []))
        return out


# ---------------------------------------------------------------- jobs

class QueueUpdateStrategy(Struct):
    batch_size = Default(Integer, 1)


class BatchUpdateStrategy(Struct):
    batch_size = Default(Integer, 1)
    autopause_after_batch = Default(Boolean, False)


class VariableBatchUpdateStrategy(Struct):
    batch_sizes = Required(List(Integer))
    autopause_after_batch = Default(Boolean, False)


class UpdateConfig(Struct):
    batch_size = Default(Integer, 1)
    watch_secs = Default(Integer, 45)
    max_per_shard_failures = Default(Integer, 0)
    max_total_failures = Default(Integer, 0)
    rollback_on_failure = Default(Boolean, True)
    wait_for_batch_completion = Default(Boolean, False)
    pulse_interval_secs = Integer
    sla_aware = Default(Boolean, False)
    update_strategy = Choice([QueueUpdateStrategy, BatchUpdateStrategy, VariableBatchUpdateStrategy])


class HttpHealthChecker(Struct):
    endpoint = Default(String, '/health')
    expected_response = Default(String, 'ok')
    expected_response_code = Default(Integer, 0)


class ShellHealthChecker(Struct):
    shell_command = String


class HealthCheckerConfig(Struct):
    http = HttpHealthChecker
    shell = ShellHealthChecker


DefaultHealthChecker = HealthCheckerConfig(http=HttpHealthChecker())


class HealthCheckConfig(Struct):
    health_checker = Default(HealthCheckerConfig, DefaultHealthChecker)
    # Numbers of seconds; fractions are accepted as Aurora's executor accepts them.
    initial_interval_secs = Default(Float, 15.0)
    interval_secs = Default(Float, 10.0)
    max_consecutive_failures = Default(Integer, 0)
    min_consecutive_successes = Default(Integer, 1)
    timeout_secs = Default(Float, 1.0)


class HttpLifecycleConfig(Struct):
    port = Default(String, 'health')
    graceful_shutdown_endpoint = Default(String, '/quitquitquit')
    shutdown_endpoint = Default(String, '/abortabortabort')
    graceful_shutdown_wait_secs = Default(Integer, 5)
    shutdown_wait_secs = Default(Integer, 5)


class LifecycleConfig(Struct):
    http = HttpLifecycleConfig


DefaultLifecycleConfig = LifecycleConfig(http=HttpLifecycleConfig())
# Aurora's name for a task whose processes are stopped without any HTTP call.
DisableLifecycle = LifecycleConfig()


class Announcer(Struct):
    primary_port = Default(String, 'http')
    portmap = Default(Map(String, String), {'aurora': '{{primary_port}}'})
    zk_path = String


class Parameter(Struct):
    name = Required(String)
    value = Required(String)


class Docker(Struct):
    image = Required(String)
    parameters = Default(List(Parameter), [])


class AppcImage(Struct):
    name = Required(String)
    image_id = Required(String)


class DockerImage(Struct):
    name = Required(String)
    tag = Required(String)


Mode = Enum('Mode', ('RO', 'RW'))


class Volume(Struct):
    container_path = Required(String)
    host_path = Required(String)
    mode = Required(Mode)


class Mesos(Struct):
    image = Choice([AppcImage, DockerImage])
    volumes = Default(List(Volume), [])


class Container(Struct):
    docker = Docker
    mesos = Mesos


class ThermosContext(Struct):
    """The {{thermos.*}} namespace the executor binds: ports by name, the task id and the user."""
    ports = Map(String, Integer)
    task_id = String
    user = String


class MesosContext(Struct):
    """The {{mesos.*}} namespace the executor binds."""
    hostname = String
    instance = Integer
    role = String
    cluster = String


class PartitionPolicy(Struct):
    reschedule = Default(Boolean, True)
    delay_secs = Default(Integer, 0)


class Metadata(Struct):
    key = Required(String)
    value = Required(String)


class ExecutorConfig(Struct):
    name = Required(String)
    data = Default(String, '')


class PercentageSlaPolicy(Struct):
    percentage = Required(Float)
    duration_secs = Required(Integer)


class CountSlaPolicy(Struct):
    count = Required(Integer)
    duration_secs = Required(Integer)


class CoordinatorSlaPolicy(Struct):
    coordinator_url = Required(String)
    status_key = Default(String, 'drain')


class Job(Struct):
    name = Default(String, '{{task.name}}')
    role = Required(String)
    contact = String
    cluster = Required(String)
    environment = Default(String, 'devel')
    instances = Default(Integer, 1)
    task = Required(Task)
    announce = Announcer
    tier = String
    cron_schedule = String
    cron_collision_policy = Default(String, 'KILL_EXISTING')
    update_config = Default(UpdateConfig, UpdateConfig())
    constraints = Map(String, String)
    service = Default(Boolean, False)
    max_task_failures = Default(Integer, 1)
    production = Default(Boolean, False)
    priority = Default(Integer, 0)
    health_check_config = Default(HealthCheckConfig, HealthCheckConfig())
    enable_hooks = Default(Boolean, False)
    lifecycle = Default(LifecycleConfig, DefaultLifecycleConfig)
    container = Choice([Container, Docker, Mesos])
    partition_policy = PartitionPolicy
    metadata = Default(List(Metadata), [])
    executor_config = ExecutorConfig
    sla_policy = Choice([CoordinatorSlaPolicy, CountSlaPolicy, PercentageSlaPolicy])
    # Aurora keeps it in the schema but no scheduler shows it (AURORA-739); carried in the executor's data.
    task_links = Map(String, String)


class MesosTaskInstance(Struct):
    """What Aurora's executor reads for one instance (the executor's data, with the instance bound)."""
    task = Required(Task)
    instance = Required(Integer)
    role = Required(String)
    announce = Announcer
    environment = Required(String)
    health_check_config = Default(HealthCheckConfig, HealthCheckConfig())
    lifecycle = LifecycleConfig


MesosJob = Job
Service = Job(service=True)


# ---------------------------------------------------------------- export and checks

def _is_identifier(text):
    """Letters, digits, _, - and . only (Aurora's rule for roles, environments, names)."""
    if not text:
        return False
    for c in text:
        if not (c.isalnum() or c in '_-.'):
            return False
    return True


def _is_environment(text):
    """prod, devel, test or staging<N>."""
    if text in ('prod', 'devel', 'test'):
        return True
    return text.startswith('staging') and (text[7:] == '' or text[7:].isdigit())


def _bound_job(job, bindings):
    if not isinstance(job, MesosJob):
        raise ConfigError('jobs must hold Job or Service objects, got %s' % _describe(job))
    if bindings:
        job = job.bind(**dict((str(k), v) for k, v in bindings.items()))
    return job


def _unbound_error(ctx):
    ref, origin, where = ctx.unbound[0]
    _fail(origin, 'unbound variable {{%s}} in %s; give it a value with .bind(%s=...) or --bind %s=VALUE'
          % (ref, where, ref.split('.')[0].split('[')[0], ref))


def _job_key(job, bindings):
    """[cluster, role, environment, name] of a job, interpolated."""
    job = _bound_job(job, bindings)
    ctx = _RenderContext()
    chain = _own_chain(job)
    out = []
    for field in ('cluster', 'role', 'environment', 'name'):
        v = job._values.get(field, Empty)
        if v is Empty:
            _fail(job._origin, 'Job.%s is required' % field)
        key = (id(job), field)
        ctx.in_progress.add(key)
        try:
            text = String._render(v, chain, ctx, job._origin, 'Job.' + field)
        finally:
            ctx.in_progress.discard(key)
        if ctx.unbound:
            _unbound_error(ctx)
        if '{{' in text or not _is_identifier(text):
            _fail(job._origin, 'Job.%s %s may contain only letters, digits, _, - and .'
                  % (field, _q(text)))
        out.append(text)
    if not _is_environment(out[2]):
        _fail(job._origin, "Job.environment %s is not valid: use prod, devel, test or staging<N>"
              % _q(out[2]))
    return out


def _check_task(task, out):
    origin = task._origin
    processes = out.get('processes', [])
    if not processes:
        _fail(origin, 'Task.processes is empty: a task needs at least one Process')
    names = set()
    for p in processes:
        if p['name'] in names:
            _fail(origin, 'Task has two processes named %s; process names must be unique'
                  % _q(p['name']))
        if '/' in p['name'] or p['name'].startswith('.') or not p['name']:
            _fail(origin, 'Process.name %s must be a file name (no slash, no leading dot)'
                  % _q(p['name']))
        names.add(p['name'])
    final = set(p['name'] for p in processes if p.get('final'))
    for c in out.get('constraints', []):
        order_names = c.get('order', [])
        for n in order_names:
            if n not in names:
                _fail(origin, 'order constraint names process %s but the task has only %s'
                      % (_q(n), ', '.join(sorted(names))))
        kinds = set(n in final for n in order_names)
        if len(kinds) > 1:
            _fail(origin, 'order constraint %s mixes final and ordinary processes; Thermos runs '
                  'final processes after all others, so order them only among themselves'
                  % ' -> '.join(order_names))
    res = out.get('resources', {})
    for field in ('cpu', 'ram', 'disk'):
        v = res.get(field)
        if isinstance(v, basestring):
            _fail(origin, 'Resources.%s %s is not a number' % (field, _q(v)))
        if v is not None and v <= 0:
            _fail(origin, 'Resources.%s must be greater than 0, got %s' % (field, _q(v)))


def _export_job(job, bindings):
    """Renders one job: {'key': [...], 'job': {...}, 'origin': 'file:line'} as JSON text."""
    key = _job_key(job, bindings)
    job = _bound_job(job, bindings)
    ctx = _RenderContext()
    out = job._render_struct([], ctx)
    if ctx.unbound:
        _unbound_error(ctx)
    origin = job._origin
    task = job._values.get('task')
    _check_task(task, out['task'])
    if out.get('cron_schedule') and out.get('service'):
        _fail(origin, 'a job cannot be both a service and a cron job: drop cron_schedule or use Job')
    if out.get('cron_collision_policy') not in ('KILL_EXISTING', 'CANCEL_NEW'):
        _fail(origin, 'Job.cron_collision_policy %s must be KILL_EXISTING or CANCEL_NEW'
              % _q(out.get('cron_collision_policy')))
    if not isinstance(out.get('instances'), (int, long)) or out['instances'] < 1:
        _fail(origin, 'Job.instances must be a whole number of at least 1, got %s'
              % _q(out.get('instances')))
    if out.get('max_task_failures', 1) < -1:
        _fail(origin, 'Job.max_task_failures must be -1 (no limit) or more')
    out['name'] = key[3]
    origin_text = '%s:%d' % origin if origin else ''
    return to_json({'key': key, 'job': out, 'origin': origin_text})
