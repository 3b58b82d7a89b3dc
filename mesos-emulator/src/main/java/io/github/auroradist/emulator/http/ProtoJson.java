package io.github.auroradist.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Moves protobuf messages in and out of Jackson trees (the emulator's internal JSON protocol). */
public final class ProtoJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
  private static final JsonFormat.Printer COMPACT = PRINTER.omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ProtoJson() {}

  public static JsonNode tree(Message message) {
    try {
      return MAPPER.readTree(PRINTER.print(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The message's JSON to be written as it is into a document ({@code ObjectNode.putRawValue}): a launch printed
   * each task, parsed the text into a tree and wrote the tree out again.
   */
  public static RawValue raw(Message message) {
    try {
      return new RawValue(COMPACT.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <T extends Message> T message(JsonNode node, T prototype) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new IllegalArgumentException("missing " + prototype.getDescriptorForType().getName());
    }
    Message.Builder builder = prototype.newBuilderForType();
    try {
      PARSER.merge(MAPPER.writeValueAsString(node), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("bad " + prototype.getDescriptorForType().getName() + ": "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (T) builder.build();
  }
}
