package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerLogToolTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SchedulerLogTool.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void initializeThenInfo() {
    Path db = dir.resolve("db");
    Result info = run("info", "--path=" + db);
    assertThat(info.code()).isEqualTo(1);
    assertThat(info.out()).contains("initialized: no").contains("aurora-scheduler-log initialize --path=" + db);

    Result init = run("initialize", "--path=" + db, "--cluster-id=6a1f1b8e-4c3e-4c53-9a1e-3c0d2b0e9f11");
    assertThat(init.code()).isZero();
    assertThat(init.out()).contains("6a1f1b8e-4c3e-4c53-9a1e-3c0d2b0e9f11");
    assertThat(new LogDirectory(db).requireInitialized().clusterId()).isEqualTo("6a1f1b8e-4c3e-4c53-9a1e-3c0d2b0e9f11");

    info = run("info", "--path", db.toString());
    assertThat(info.code()).isZero();
    assertThat(info.out()).contains("initialized: yes").contains("cluster id: 6a1f1b8e");

    Result again = run("initialize", "--path=" + db);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already initialized");
  }

  @Test
  void helpAndUsageErrors() {
    Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("initialize").contains("info").contains("-native_log_file_path");
    Result initHelp = run("initialize", "--help");
    assertThat(initHelp.out()).contains("--path=DIR").contains("--cluster-id=UUID");
    Result missing = run("initialize");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--path=DIR'");
    Result badId = run("initialize", "--path=" + dir.resolve("x"), "--cluster-id=nope");
    assertThat(badId.code()).isEqualTo(2);
    assertThat(badId.err()).contains("is not a UUID");
  }
}
