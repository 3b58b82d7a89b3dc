package io.github.auroradist.emulator.master;

import java.util.Optional;
import org.apache.mesos.v1.Protos.MasterInfo;

/** Whether this master leads, and who does. */
public interface Leadership {
  boolean isLeader();

  /** The leading master, when one is known. */
  Optional<MasterInfo> leader();
}
