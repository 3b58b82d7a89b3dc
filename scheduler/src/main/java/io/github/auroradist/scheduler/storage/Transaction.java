package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.ModelJson;
import java.util.List;

/** Ops that are logged and applied together, or not at all. */
public record Transaction(List<Op> ops) {
  public Transaction {
    ops = List.copyOf(ops);
  }

  public static Transaction of(Op... ops) {
    return new Transaction(List.of(ops));
  }

  public byte[] toBytes() {
    return ModelJson.writeBytes(this);
  }

  public static Transaction fromBytes(byte[] data) {
    return ModelJson.read(data, Transaction.class);
  }
}
