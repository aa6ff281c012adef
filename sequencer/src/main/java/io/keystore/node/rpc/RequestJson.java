package io.keystore.node.rpc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Decodes a JSON-RPC request body as Vert.x's {@code Json.decodeValue} would (objects, arrays,
 * strings, integers of any size, booleans, null), except that a number with a fraction or an
 * exponent is a {@link java.math.BigDecimal}, not a double: its exact value, so that an id such as
 * {@code 1e400} or {@code 0.10000000000000000001} is echoed with the value the client sent (never
 * {@code "Infinity"} or a rounded double). An empty body is not JSON: a parse error.
 */
final class RequestJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private RequestJson() {}

  /** The body's value: a JsonObject, a JsonArray, a String, a Number, a Boolean or null. */
  static Object decode(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new DecodeException("empty body");
    }
    try {
      return wrap(MAPPER.readValue(body.getBytes(), Object.class));
    } catch (IOException e) {
      throw new DecodeException("not JSON: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Object value) {
    return switch (value) {
      case Map<?, ?> m -> new JsonObject((Map<String, Object>) m);
      case List<?> l -> new JsonArray((List<Object>) l);
      case null, default -> value;
    };
  }
}
