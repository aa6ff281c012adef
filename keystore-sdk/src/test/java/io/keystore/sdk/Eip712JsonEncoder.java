package io.keystore.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.keystore.state.crypto.Keccak256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * An independent EIP-712 encoder over eth_signTypedData_v4 JSON, for tests: it reads the types,
 * domain and message the way a wallet does (atomic types only: string, address, uint256, bytes32)
 * and hashes them, so that the SDK's JSON is checked against the digest the keystore verifies.
 */
final class Eip712JsonEncoder {

  private Eip712JsonEncoder() {}

  static Bytes32 digest(JsonNode typedData) {
    Bytes32 domain = hashStruct(typedData.get("types"), "EIP712Domain", typedData.get("domain"));
    Bytes32 message =
        hashStruct(
            typedData.get("types"),
            typedData.get("primaryType").asText(),
            typedData.get("message"));
    return Keccak256.hash(Bytes.of(0x19, 0x01), domain, message);
  }

  static Bytes32 hashStruct(JsonNode types, String name, JsonNode value) {
    JsonNode fields = types.get(name);
    StringBuilder type = new StringBuilder(name).append('(');
    Bytes[] parts = new Bytes[fields.size() + 1];
    for (int i = 0; i < fields.size(); i++) {
      String fieldName = fields.get(i).get("name").asText();
      String fieldType = fields.get(i).get("type").asText();
      type.append(i == 0 ? "" : ",").append(fieldType).append(' ').append(fieldName);
      parts[i + 1] = encode(fieldType, value.get(fieldName));
    }
    type.append(')');
    parts[0] = Keccak256.hash(type.toString().getBytes(StandardCharsets.UTF_8));
    return Keccak256.hash(parts);
  }

  private static Bytes encode(String type, JsonNode v) {
    return switch (type) {
      case "string" -> Keccak256.hash(v.asText().getBytes(StandardCharsets.UTF_8));
      case "address", "bytes32" -> Bytes32.leftPad(Bytes.fromHexString(v.asText()));
      case "uint256" ->
          Bytes32.leftPad(
              Bytes.wrap(
                  unsigned(v.isNumber() ? v.bigIntegerValue() : new BigInteger(v.asText()))));
      default -> throw new IllegalArgumentException("unsupported type " + type);
    };
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
