package io.github.auroradist.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pystachio-style templating, Python features and error messages, on small inline files. */
class TemplatingTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** Loads a file whose PROCS list is given, with an optional suffix on the Job (e.g. .bind()). */
  private JsonNode job(String body, String jobSuffix, Map<String, String> bindings) throws Exception {
    Path file = write("t.aurora", body + "\n" + "jobs = [Job(cluster='c', role='r', environment='devel', name='j',"
        + " task=Task(processes=PROCS, resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))" + jobSuffix + "]\n");
    AuroraConfig config = AuroraConfigLoader.shared().load(file, bindings);
    return config.jobs().get(0).thermosTree();
  }

  private String cmdline(JsonNode job, int i) {
    return job.path("task").path("processes").get(i).path("cmdline").asText();
  }

  private String firstCmdline(String body, String jobSuffix) throws Exception {
    return cmdline(job(body, jobSuffix, Map.of()), 0);
  }

  @Test
  void structFieldsAreVariablesForThemselvesAndTheirChildren() throws Exception {
    assertThat(firstCmdline("PROCS = [Process(name='installer', cmdline='echo {{name}} in {{role}}/{{environment}}"
        + " on {{cluster}} with {{resources.cpu}} cpu, task {{task.name}}')]", ""))
        .isEqualTo("echo installer in r/devel on c with 1.0 cpu, task installer");
  }

  @Test
  void nearerBindingsWin() throws Exception {
    JsonNode job = job("p = Process(name='{{context}}_process', cmdline='echo {{context}} {{x}}')\n"
        + "PROCS = [p.bind(context='local'), p(name='other')]",
        ".bind(context='global', x='job')", Map.of());
    assertThat(cmdline(job, 0)).isEqualTo("echo local job");
    assertThat(job.path("task").path("processes").get(0).path("name").asText()).isEqualTo("local_process");
    assertThat(cmdline(job, 1)).isEqualTo("echo global job");
  }

  @Test
  void commandLineBindingsOverrideTheFilesJobBindings() throws Exception {
    String body = "PROCS = [Process(name='p', cmdline='run v{{version}} {{extra}}')]";
    assertThat(cmdline(job(body, ".bind(version='1', extra='e')", Map.of("version", "2")), 0))
        .isEqualTo("run v2 e");
    assertThat(cmdline(job(body, ".bind(version='1', extra='e')", Map.of()), 0)).isEqualTo("run v1 e");
  }

  @Test
  void templatesResolveIteratively() throws Exception {
    assertThat(firstCmdline("PROCS = [Process(name='p', cmdline='say {{greeting_{{lang}}}}')]",
        ".bind(lang='fr', greeting_en='hello', greeting_fr='bonjour')")).isEqualTo("say bonjour");
  }

  @Test
  void templateScanningEdgeCases() throws Exception {
    assertThat(firstCmdline("PROCS = [Process(name='p', cmdline="
        + "'a {{{x}}} {{ x }} {{x}}{{y}} awk \"{print $1}\" ${HOME} {{unterminated')]",
        ".bind(x='1', y=2)")).isEqualTo("a {1} 1 12 awk \"{print $1}\" ${HOME} {{unterminated");
  }

  @Test
  void listsMapsAndStructsCanBeBound() throws Exception {
    assertThat(firstCmdline("""
        class Conf(Struct):
          host = Required(String)
          port = Default(Integer, 80)
          url = Default(String, 'http://{{host}}:{{port}}/')
        PROCS = [Process(name='p', cmdline='{{fib[4]}} {{first[Kent]}} {{conf.url}} {{conf.port}}')]
        """, ".bind(fib=List(Integer)([1, 1, 2, 3, 5]), first={'Kent': 'Clark'},"
        + " conf=Conf(host='example.com'))")).isEqualTo("5 Clark http://example.com:80/ 80");
  }

  @Test
  void copiesWithCallLeaveTheOriginalAlone() throws Exception {
    JsonNode job = job("""
        Daemon = Process(daemon=True, max_failures=0)
        a = Daemon(name='a', cmdline='run a')
        b = a(name='b')
        PROCS = [a, b, Daemon(name='c', cmdline='run c', daemon=False)]
        """, "", Map.of());
    JsonNode procs = job.path("task").path("processes");
    assertThat(procs).extracting(p -> p.path("name").asText()).containsExactly("a", "b", "c");
    assertThat(procs.get(1).path("cmdline").asText()).isEqualTo("run a");
    assertThat(procs.get(0).path("daemon").asBoolean()).isTrue();
    assertThat(procs.get(2).path("daemon").asBoolean()).isFalse();
    assertThat(procs.get(2).path("max_failures").asInt()).isZero();
  }

  @Test
  void numbersAndBooleansMayBeTemplates() throws Exception {
    Path file = write("n.aurora", """
        jobs = [Service(cluster='c', role='r', environment='devel', name='n',
                        instances='{{count}}', production='{{prod}}',
                        task=SimpleTask('n', 'true'))]
        """);
    ConfiguredJob job = AuroraConfigLoader.shared()
        .load(file, Map.of("count", "5", "prod", "true")).jobs().get(0);
    assertThat(job.instances()).isEqualTo(5);
    assertThat(job.production()).isTrue();
    assertThatThrownBy(() -> AuroraConfigLoader.shared()
        .load(file, Map.of("count", "lots", "prod", "true")).jobs())
        .hasMessageContaining("n.aurora:1: Job.instances: expected an Integer, got 'lots'");
  }

  @Test
  void executorNamespacesStayAndNamePorts() throws Exception {
    Path file = write("ports.aurora", """
        p = Process(name='p', cmdline='serve {{thermos.ports[http]}} {{thermos.ports[aurora]}}'
                                       ' {{thermos.ports[admin]}} {{thermos.ports[static]}}'
                                       ' {{mesos.instance}} {{mesos.hostname}} {{thermos.task_id}}')
        jobs = [Service(cluster='c', role='r', environment='devel', name='web',
                        announce=Announcer(portmap={'aurora': '{{primary_port}}', 'static': 8080}),
                        task=Task(processes=[p], resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]
        """);
    ConfiguredJob job = AuroraConfigLoader.shared().load(file, Map.of()).jobs().get(0);
    // aurora is an alias of http, static is a fixed port: Mesos allocates admin and http only.
    assertThat(job.ports()).containsExactly("admin", "http");
    assertThat(cmdline(job.thermosTree(), 0)).isEqualTo("serve {{thermos.ports[http]}}"
        + " {{thermos.ports[aurora]}} {{thermos.ports[admin]}} {{thermos.ports[static]}}"
        + " {{mesos.instance}} {{mesos.hostname}} {{thermos.task_id}}");
    assertThat(job.thermosTree().path("announce").path("portmap").path("aurora").asText())
        .isEqualTo("http");
    assertThat(job.thermosTree().path("announce").path("portmap").path("static").asText())
        .isEqualTo("8080");
  }

  @Test
  void plainPythonWorks() throws Exception {
    JsonNode job = job("""
        import os
        def worker(i):
          return Process(name='worker%02d' % i, cmdline='work --shard %d' % i)
        workers = map(worker, range(3))
        first = workers[0]
        PROCS = workers + [Process(name='reduce', cmdline='reduce after ' + first.name())]
        assert os.path.basename('/a/b') == 'b'
        """, "", Map.of());
    JsonNode procs = job.path("task").path("processes");
    assertThat(procs).extracting(p -> p.path("name").asText())
        .containsExactly("worker00", "worker01", "worker02", "reduce");
    assertThat(procs.get(3).path("cmdline").asText()).isEqualTo("reduce after worker00");
    assertThat(procs.get(1).path("cmdline").asText()).isEqualTo("work --shard 1");
  }

  @Test
  void tutorialStyleFileReadingAPackageWithHashlib() throws Exception {
    Path pkg = write("hello_world.py", "print 'hello'\n");
    Path file = write("tutorial.aurora", String.format("""
        pkg_path = '%s'
        import hashlib
        with open(pkg_path, 'rb') as f:
          pkg_checksum = hashlib.md5(f.read()).hexdigest()
        install = Process(
          name = 'fetch_package',
          cmdline = 'cp %%s . && echo %%s && chmod +x hello_world.py' %% (pkg_path, pkg_checksum))
        hello_world = Process(name = 'hello_world', cmdline = 'python -u hello_world.py')
        hello_world_task = SequentialTask(
          processes = [install, hello_world],
          resources = Resources(cpu = 1, ram = 1*MB, disk=8*MB))
        jobs = [Service(cluster = 'devcluster', environment = 'devel', role = 'www-data',
                        name = 'hello_world', task = hello_world_task)]
        """, pkg));
    ConfiguredJob job = AuroraConfigLoader.shared().load(file, Map.of()).jobs().get(0);
    assertThat(cmdline(job.thermosTree(), 0)).isEqualTo("cp " + pkg
        + " . && echo 09e4d9f0b1ac0aa11e2e9bd9e4b1f7e8 && chmod +x hello_world.py".replace(
            "09e4d9f0b1ac0aa11e2e9bd9e4b1f7e8", md5("print 'hello'\n")));
    assertThat(job.thermosTree().path("task").path("constraints").toString())
        .isEqualTo("[{\"order\":[\"fetch_package\",\"hello_world\"]}]");
    assertThat(job.resources()).isEqualTo(new ConfiguredJob.Resources(1.0, 1, 8, 0));
  }

  private static String md5(String text) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder();
    for (byte b : d) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  @Test
  void bindingsCanChooseTheJobKey() throws Exception {
    Path file = write("key.aurora", """
        jobs = [Job(cluster='{{cluster}}', role='r', environment='{{env}}', name='app_{{env}}',
                    task=SimpleTask('x', 'true'))]
        """);
    assertThat(AuroraConfigLoader.shared().load(file, Map.of("cluster", "west", "env", "staging3"))
        .jobKeys()).extracting(Object::toString).containsExactly("west/r/staging3/app_staging3");
    assertThatThrownBy(() -> AuroraConfigLoader.shared().load(file, Map.of("cluster", "west")))
        .hasMessageContaining("key.aurora:1: unbound variable {{env}} in Job.environment;"
            + " give it a value with .bind(env=...) or --bind env=VALUE");
  }

  @Test
  void pystachioListBindingAndAccessors() throws Exception {
    JsonNode job = job("""
        procs = List(Process)([Process(name='{{prefix}}_one', cmdline='a'),
                               Process(name='{{prefix}}_two', cmdline='b')]).bind(prefix='hello')
        PROCS = procs
        p = Process(name='x', cmdline='y')
        assert p.has_name() and not p.has_logger()
        assert p.max_failures().get() == 1
        assert Float('{{x}}.5').bind(x=1).get() == 1.5
        assert String('{{a}}').bind(a='b').get() == 'b'
        assert Process(name='q').cmdline() is Empty
        """, "", Map.of());
    assertThat(job.path("task").path("processes")).extracting(p -> p.path("name").asText())
        .containsExactly("hello_one", "hello_two");
    assertThat(job.path("task").path("name").asText()).isEqualTo("hello_one");
  }

  @Test
  void unicodeSurvives() throws Exception {
    assertThat(firstCmdline("# -*- coding: utf-8 -*-\nPROCS = [Process(name='p', cmdline='echo héllo → wörld')]", ""))
        .isEqualTo("echo héllo → wörld");
  }

  @Test
  void jobNameDefaultsToTheTaskNameWhichDefaultsToTheFirstProcess() throws Exception {
    Path file = write("d.aurora", """
        jobs = [Job(cluster='c', role='r', environment='prod',
                    task=Task(processes=[Process(name='first', cmdline='a'), Process(name='second', cmdline='b')],
                              resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]
        """);
    AuroraConfig config = AuroraConfigLoader.shared().load(file, Map.of());
    assertThat(config.jobKeys()).extracting(Object::toString).containsExactly("c/r/prod/first");
  }

  @Test
  void errorsNameFileLineAndField() throws Exception {
    assertError("unbound.aurora", """
        p = Process(name='p', cmdline='run {{version}}')
        jobs = [Job(cluster='c', role='r', environment='devel', task=Task(processes=[p],
                    resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]
        """, "unbound.aurora:1: unbound variable {{version}} in Process.cmdline");
    assertError("profile.aurora", """
        class Profile(Struct):
          version = Required(String)
        p = Process(name='p', cmdline='run {{profile.x}}')
        jobs = [Job(cluster='c', role='r', environment='devel', task=Task(processes=[p],
                    resources=Resources(cpu=1, ram=1*GB, disk=1*GB))).bind(profile=Profile(version='1'))]
        """, "profile.aurora:3: unbound variable {{profile.x}}: Profile has no field 'x'");
    assertError("required.aurora", """
        p = Process(name='p', cmdline='true')
        jobs = [Job(cluster='c', role='r', environment='devel', task=Task(processes=[p],
                    resources=Resources(cpu=1, disk=1*GB)))]
        """, "required.aurora:2: Resources.ram is required");
    assertError("norole.aurora", "jobs = [Job(cluster='c', environment='devel', task=SimpleTask('x', 'true'))]\n",
        "norole.aurora:1: Job.role is required");
    assertError("type.aurora", "\n\np = Process(name='p', cmdline='true', daemon='maybe')\njobs = []\n",
        "type.aurora:3: Process.daemon: expected a Boolean (True or False), got 'maybe'");
    assertError("enum.aurora", "l = Logger(mode=LoggerMode('fast'))\njobs = []\n",
        "enum.aurora:1: LoggerMode: 'fast' is not one of standard, rotate");
    assertError("struct.aurora", "t = Task(resources=Process(name='x'))\njobs = []\n",
        "struct.aurora:1: Task.resources: expected a Resources, got a Process");
    assertError("field.aurora", "p = Process(nmae='x')\njobs = []\n",
        "field.aurora:1: Process has no field 'nmae'; its fields are: cmdline, daemon,");
    assertError("syntax.aurora", "p = Process(name='x'\njobs = [\n", "syntax.aurora:");
    assertError("name.aurora", "\njobs = [Job(task=tsak)]\n", "name.aurora:2: NameError: name 'tsak' is not defined");
    assertError("nojobs.aurora", "x = 1\n", "defines no jobs");
    assertError("notjob.aurora", "jobs = [Process(name='x', cmdline='y')]\n",
        "jobs must hold Job or Service objects, got a Process");
    assertError("env.aurora",
        "jobs = [Job(cluster='c', role='r', environment='production', task=SimpleTask('x', 'true'))]\n",
        "env.aurora:1: Job.environment 'production' is not valid: use prod, devel, test or staging<N>");
    assertError("cron.aurora", "jobs = [Service(cluster='c', role='r', environment='devel', cron_schedule='* * * * *',"
        + " task=SimpleTask('x', 'true'))]\n", "cron.aurora:1: a job cannot be both a service and a cron job");
    assertError("order.aurora", "a = Process(name='a', cmdline='true')\n"
        + "jobs = [Job(cluster='c', role='r', environment='devel', task=Task(processes=[a],"
        + " constraints=order(a, 'b'), resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]\n",
        "order.aurora:2: order constraint names process 'b' but the task has only a");
    assertError("final.aurora",
        "a = Process(name='a', cmdline='true')\nb = Process(name='b', cmdline='true', final=True)\n"
        + "jobs = [Job(cluster='c', role='r', environment='devel', task=Task(processes=[a, b],"
        + " constraints=order(a, b), resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]\n",
        "order constraint a -> b mixes final and ordinary processes");
    assertError("dup.aurora", "a = Process(name='a', cmdline='true')\n"
        + "jobs = [Job(cluster='c', role='r', environment='devel', task=Task(processes=[a, a],"
        + " resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]\n",
        "Task has two processes named 'a'");
    assertError("self.aurora", "jobs = [Job(cluster='c', role='r', environment='devel', name='x',"
        + " task=Task(processes=[Process(name='{{name}}', cmdline='true')],"
        + " resources=Resources(cpu=1, ram=1*GB, disk=1*GB)))]\n",
        "self.aurora:1: unbound variable {{name}} in Process.name");
    assertError("cpu.aurora", "jobs = [Job(cluster='c', role='r', environment='devel',"
        + " task=Task(processes=[Process(name='p', cmdline='true')],"
        + " resources=Resources(cpu=0, ram=1*GB, disk=1*GB)))]\n", "Resources.cpu must be greater than 0");
    assertError("constraint.aurora", "jobs = [Job(cluster='c', role='r', environment='devel',"
        + " constraints={'rack': 'limit:x'}, task=SimpleTask('x', 'true'))]\n",
        "constraint.aurora:1: Job.constraints: constraint 'rack' value 'limit:x' is not a limit");
    assertError("inc.aurora", "\ninclude('missing.aurora')\njobs = []\n",
        "inc.aurora:2: include('missing.aurora'): there is no file");
  }

  @Test
  void anIncludedFileReportsItsOwnLines() throws Exception {
    write("lib/base.aurora", "\n\nbroken = Resources(cpu='lots')\n");
    Path main = write("main.aurora", "include('lib/base.aurora')\njobs = []\n");
    assertThatThrownBy(() -> AuroraConfigLoader.shared().load(main, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("lib/base.aurora") + ":3: Resources.cpu: expected a Float, got 'lots'");
  }

  @Test
  void missingJobAndDuplicateKeys() throws Exception {
    Path file = write("two.aurora", """
        t = SimpleTask('x', 'true')
        jobs = [Job(cluster='c', role='r', environment='devel', task=t),
                Job(cluster='c', role='r', environment='devel', task=t)]
        """);
    AuroraConfig config = AuroraConfigLoader.shared().load(file, Map.of());
    assertThatThrownBy(() -> config.job(io.github.auroradist.client.keys.AuroraJobKey.parse("c/r/devel/x")))
        .hasMessageContaining("defines job c/r/devel/x 2 times");
    assertThatThrownBy(() -> config.job(io.github.auroradist.client.keys.AuroraJobKey.parse("c/r/prod/x")))
        .hasMessageContaining("has no job c/r/prod/x; it defines c/r/devel/x, c/r/devel/x");
  }

  private void assertError(String name, String text, String expected) throws Exception {
    Path file = write(name, text);
    assertThatThrownBy(() -> AuroraConfigLoader.shared().load(file, Map.of()).jobs())
        .as(name).isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected.contains(":") && expected.startsWith(name)
            ? dir.resolve(name) + expected.substring(name.length()) : expected);
  }
}
