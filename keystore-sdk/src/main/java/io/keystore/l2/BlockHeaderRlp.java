package io.keystore.l2;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * The RLP block header of a block as {@code eth_getBlockByNumber} returns it in JSON: the fifteen
 * pre-London fields, then those of later forks, in their order, as far as the block has them
 * (London's baseFeePerGas, Shanghai's withdrawalsRoot, Cancun's blobGasUsed, excessBlobGas and
 * parentBeaconBlockRoot, Prague's requestsHash). Its Keccak-256 is the block hash.
 */
public final class BlockHeaderRlp {

  private enum Kind {
    BYTES,
    QUANTITY
  }

  private record Field(String name, Kind kind) {}

  private static final List<Field> ALWAYS =
      List.of(
          new Field("parentHash", Kind.BYTES),
          new Field("sha3Uncles", Kind.BYTES),
          new Field("miner", Kind.BYTES),
          new Field("stateRoot", Kind.BYTES),
          new Field("transactionsRoot", Kind.BYTES),
          new Field("receiptsRoot", Kind.BYTES),
          new Field("logsBloom", Kind.BYTES),
          new Field("difficulty", Kind.QUANTITY),
          new Field("number", Kind.QUANTITY),
          new Field("gasLimit", Kind.QUANTITY),
          new Field("gasUsed", Kind.QUANTITY),
          new Field("timestamp", Kind.QUANTITY),
          new Field("extraData", Kind.BYTES),
          new Field("mixHash", Kind.BYTES),
          new Field("nonce", Kind.BYTES));

  /** Fields added by later forks: present in order up to the block's fork, absent after. */
  private static final List<Field> BY_FORK =
      List.of(
          new Field("baseFeePerGas", Kind.QUANTITY),
          new Field("withdrawalsRoot", Kind.BYTES),
          new Field("blobGasUsed", Kind.QUANTITY),
          new Field("excessBlobGas", Kind.QUANTITY),
          new Field("parentBeaconBlockRoot", Kind.BYTES),
          new Field("requestsHash", Kind.BYTES));

  private BlockHeaderRlp() {}

  /**
   * Encodes the header of {@code block} (the JSON object of {@code eth_getBlockByNumber}).
   *
   * @throws IllegalArgumentException if a required field is missing, or a fork field is present
   *     after an absent one
   */
  public static byte[] encode(Map<String, ?> block) {
    List<RlpType> items = new ArrayList<>();
    for (Field f : ALWAYS) {
      items.add(
          item(f, block.get(f.name()))
              .orElseThrow(() -> new IllegalArgumentException("block without " + f.name())));
    }
    String absent = null;
    for (Field f : BY_FORK) {
      var value = item(f, block.get(f.name()));
      if (value.isEmpty()) {
        absent = absent == null ? f.name() : absent;
      } else if (absent != null) {
        throw new IllegalArgumentException("block has " + f.name() + " but not " + absent);
      } else {
        items.add(value.get());
      }
    }
    return RlpEncoder.encode(new RlpList(items));
  }

  /** The Keccak-256 of the encoded header: the block hash, for a well-formed block. */
  public static byte[] hash(byte[] header) {
    return Hash.sha3(header);
  }

  private static Optional<RlpType> item(Field f, Object json) {
    if (json == null) {
      return Optional.empty();
    }
    if (!(json instanceof String hex)) {
      throw new IllegalArgumentException(f.name() + " is not a hex string: " + json);
    }
    return Optional.of(
        f.kind() == Kind.QUANTITY
            ? RlpString.create(Numeric.decodeQuantity(hex))
            : RlpString.create(Numeric.hexStringToByteArray(hex)));
  }

  /** A quantity field of the block JSON. */
  static BigInteger quantity(Map<String, ?> block, String name) {
    Object v = block.get(name);
    if (!(v instanceof String hex)) {
      throw new IllegalArgumentException("block without " + name);
    }
    return Numeric.decodeQuantity(hex);
  }
}
