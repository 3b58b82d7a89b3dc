package io.github.auroradist.common.thermos.checkpoint;

import java.io.IOException;

/** A checkpoint file that cannot be read: no header, a corrupt record, or a newer format. */
public final class CheckpointException extends IOException {
  public CheckpointException(String message) {
    super(message);
  }
}
