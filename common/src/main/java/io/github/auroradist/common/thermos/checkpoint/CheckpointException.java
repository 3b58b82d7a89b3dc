package io.github.auroradist.common.thermos.checkpoint;

import java.io.IOException;

/** A checkpoint file that cannot be read: no header, a corrupt record, or a newer format. */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }
}
