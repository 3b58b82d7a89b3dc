package io.github.auroradist.scheduler.testing;

import io.github.auroradist.scheduler.storage.DurableLog;
import io.github.auroradist.scheduler.storage.DurableLogException;
import io.github.auroradist.scheduler.storage.Transaction;
import java.util.function.Supplier;

/**
 * A log that passes everything on to a real one ({@link OpenLog}), for tests that watch or hold its commits: they
 * override {@link #append} and call {@code super.append}. The real log is looked up at each call, since tests open it
 * in their set-up, after this object exists.
 */
public class ForwardingLog implements DurableLog {
  private final Supplier<OpenLog> real;

  public ForwardingLog(Supplier<OpenLog> real) {
    this.real = real;
  }

  @Override
  public void append(Transaction tx) throws DurableLogException {
    real.get().log.append(tx);
  }

  @Override
  public long snapshotNow() throws DurableLogException {
    return real.get().log.snapshotNow();
  }

  @Override
  public boolean isLeader() {
    return real.get().log.isLeader();
  }

  @Override
  public void close() {
    real.get().close();
  }
}
