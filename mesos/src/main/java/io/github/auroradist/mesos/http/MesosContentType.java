package io.github.auroradist.mesos.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The two encodings the Mesos v1 HTTP APIs accept: protobuf and JSON (the protobuf JSON mapping
 * with the original proto field names, as Mesos prints them).
 */
public enum MesosContentType {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  /**
   * The RecordIO media type. The scheduler and executor APIs answer SUBSCRIBE with the Accept type
   * (JSON or protobuf) and RecordIO framing; the operator-API style answers with this type and
   * names the records' type in {@link #MESSAGE_CONTENT_TYPE}. The clients read both.
   */
  public static final String RECORDIO = "application/recordio";

  /** Header that carries the content type of each record of a RecordIO stream. */
  public static final String MESSAGE_CONTENT_TYPE = "Message-Content-Type";

  /** Header that ties later calls to the SUBSCRIBE stream. */
  public static final String STREAM_ID = "Mesos-Stream-Id";

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String mediaType;

  MesosContentType(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Maps a Content-Type or Accept header to an encoding; null when it is neither. */
  public static MesosContentType fromHeader(String header) {
    if (header == null) {
      return null;
    }
    String media = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (MesosContentType type : values()) {
      if (type.mediaType.equals(media)) {
        return type;
      }
    }
    return null;
  }

  public byte[] encode(Message message) {
    if (this == PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
    }
  }

  /**
   * Decodes bytes into a message of the prototype's type.
   *
   * @throws InvalidProtocolBufferException with a message that says what is wrong
   */
  @SuppressWarnings("unchecked")
  public <T extends Message> T decode(byte[] bytes, T prototype) throws InvalidProtocolBufferException {
    if (this == PROTOBUF) {
      return (T) prototype.getParserForType().parseFrom(bytes);
    }
    Message.Builder builder = prototype.newBuilderForType();
    try {
      PARSER.merge(new String(bytes, StandardCharsets.UTF_8), builder);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (RuntimeException e) {
      // The JSON parser throws unchecked exceptions for some malformed documents.
      throw new InvalidProtocolBufferException("malformed JSON: " + e.getMessage());
    }
    return (T) builder.build();
  }
}
