package io.keystore.state.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keystore.state.account.AccountConfig;
import io.keystore.state.account.PendingRecovery;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.Secp256k1;
import io.keystore.state.hash.Fr;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.MutableBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TxCodecTest {

  static Stream<Transaction> transactions() {
    return Samples.all().stream();
  }

  static Stream<AccountConfig> configs() {
    return Samples.configs().stream();
  }

  static int expectedLength(Transaction tx) {
    int creation = tx.creation().isPresent() ? TxCodec.CREATION_LENGTH - 1 : 0;
    return switch (tx.type()) {
      case UPDATE_CONFIG -> TxCodec.UPDATE_CONFIG_LENGTH + creation;
      case APPROVE_RECOVERY -> TxCodec.APPROVE_RECOVERY_LENGTH + creation;
      case CANCEL_RECOVERY -> TxCodec.CANCEL_RECOVERY_LENGTH;
      case FINALISE_RECOVERY -> TxCodec.FINALISE_RECOVERY_LENGTH;
    };
  }

  static DecodingException rejects(Bytes b) {
    try {
      Transaction tx = TxCodec.decode(b);
      throw new AssertionError("decoded " + tx + " from " + b);
    } catch (DecodingException e) {
      return e;
    }
  }

  static MutableBytes encodedMutable(Transaction tx) {
    return TxCodec.encode(tx).mutableCopy();
  }

  @Test
  void lengthsAreTheSpecifiedOnes() {
    assertThat(TxCodec.UPDATE_CONFIG_LENGTH).isEqualTo(462);
    assertThat(TxCodec.UPDATE_CONFIG_LENGTH + TxCodec.CREATION_LENGTH - 1).isEqualTo(860);
    assertThat(TxCodec.APPROVE_RECOVERY_LENGTH).isEqualTo(162);
    assertThat(TxCodec.APPROVE_RECOVERY_LENGTH + TxCodec.CREATION_LENGTH - 1).isEqualTo(560);
    assertThat(TxCodec.CANCEL_RECOVERY_LENGTH).isEqualTo(95);
    assertThat(TxCodec.FINALISE_RECOVERY_LENGTH).isEqualTo(22);
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void encodingRoundTripsWithTheExactLength(Transaction tx) throws DecodingException {
    Bytes b = TxCodec.encode(tx);
    assertThat(b.size()).isEqualTo(expectedLength(tx));
    assertThat(b.get(0)).isEqualTo((byte) 1);
    assertThat(b.get(1)).isEqualTo((byte) tx.type().code());
    assertThat(TxCodec.decode(b)).isEqualTo(tx);
    assertThat(TxCodec.encode(TxCodec.decode(b))).isEqualTo(b);
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void everyTruncationIsRejected(Transaction tx) {
    Bytes b = TxCodec.encode(tx);
    for (int n = 0; n < b.size(); n++) {
      assertThat(rejects(b.slice(0, n)).getMessage()).containsAnyOf("truncated", "trailing");
    }
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void trailingBytesAreRejected(Transaction tx) {
    Bytes b = TxCodec.encode(tx);
    assertThat(rejects(Bytes.concatenate(b, Bytes.of(0))).getMessage()).contains("trailing");
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void unknownVersionIsRejected(Transaction tx) {
    for (int v : List.of(0, 3, 255)) {
      MutableBytes b = encodedMutable(tx);
      b.set(0, (byte) v);
      assertThat(rejects(b).getMessage()).contains("unknown transaction version " + v);
    }
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void version1BytesReadAsVersion2NeverGiveTheSameTransaction(Transaction tx) {
    MutableBytes b = encodedMutable(tx);
    b.set(0, (byte) 2);
    Optional<Transaction> decoded;
    try {
      decoded = Optional.of(TxCodec.decode(b));
    } catch (DecodingException e) {
      decoded = Optional.empty();
    }
    assertThat(decoded).isNotEqualTo(Optional.of(tx));
  }

  @Test
  void unknownTypeIsRejected() {
    for (int t : List.of(0, 5, 255)) {
      MutableBytes b = encodedMutable(Samples.all().get(0));
      b.set(1, (byte) t);
      assertThat(rejects(b).getMessage()).contains("unknown transaction type");
    }
  }

  @Test
  void nonCanonicalFieldElementIsRejected() {
    // The spending rules hash of the first UpdateConfig: offset 2 + 20 + 8 + 65 + 269.
    MutableBytes b = encodedMutable(Samples.all().get(0));
    int off = 2 + 20 + 8 + TxCodec.KEY_LENGTH + TxCodec.GUARDIAN_SET_LENGTH;
    assertThat(b.slice(off, 32)).isEqualTo(Samples.SETTINGS.spendingRulesHash().toBytes());
    b.set(off, Bytes.wrap(fixed32(Fr.MODULUS))); // r itself: the same residue as 0
    assertThat(rejects(b).getMessage()).contains("spendingRulesHash").contains("canonical");
  }

  @Test
  void nonCanonicalSaltIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(1));
    int off = TxCodec.UPDATE_CONFIG_LENGTH - 66; // the creation flag, then the salt
    assertThat(b.get(off)).isEqualTo((byte) 1);
    b.set(off + 1, Bytes.wrap(fixed32(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))));
    assertThat(rejects(b).getMessage()).contains("creation.salt");
  }

  @Test
  void offCurveKeyIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0));
    int yLast = 2 + 20 + 8 + TxCodec.KEY_LENGTH - 1; // last byte of the owner's y
    b.set(yLast, (byte) (b.get(yLast) ^ 1));
    assertThat(rejects(b).getMessage()).contains("owner").contains("not a point");
  }

  @Test
  void keyWithCoordinateAbovePIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0));
    int x = 2 + 20 + 8 + 1;
    b.set(x, Bytes.wrap(fixed32(Secp256k1.P.add(BigInteger.ONE))));
    assertThat(rejects(b).getMessage()).contains("owner");
  }

  @Test
  void unknownKeySchemeIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0));
    b.set(2 + 20 + 8, (byte) 4);
    assertThat(rejects(b).getMessage()).contains("unknown key scheme 4");
  }

  @Test
  void secp256k1PointUnderAP256SchemeIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0));
    b.set(2 + 20 + 8, (byte) PublicKey.SCHEME_P256);
    assertThat(rejects(b).getMessage()).contains("owner").contains("not a point on P-256");
  }

  @Test
  void guardianAfterAnEmptySlotIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0)); // 3 guardians: slot 3 empty
    int slots = 2 + 20 + 8 + TxCodec.KEY_LENGTH + 1 + 8;
    Bytes g0 = b.slice(slots, TxCodec.KEY_LENGTH).copy();
    b.set(slots + 3 * TxCodec.KEY_LENGTH, g0);
    b.set(slots + 2 * TxCodec.KEY_LENGTH, Bytes.wrap(new byte[TxCodec.KEY_LENGTH]));
    assertThat(rejects(b).getMessage()).contains("after an empty slot");
  }

  @Test
  void nonZeroBytesInAnEmptySlotAreRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0));
    int slot3 = 2 + 20 + 8 + TxCodec.KEY_LENGTH + 1 + 8 + 3 * TxCodec.KEY_LENGTH;
    b.set(slot3 + 40, (byte) 1); // scheme byte stays 0
    assertThat(rejects(b).getMessage()).contains("unknown key scheme 0");
  }

  @Test
  void creationFlagOtherThanZeroOrOneIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(0));
    b.set(TxCodec.UPDATE_CONFIG_LENGTH - 66, (byte) 2);
    assertThat(rejects(b).getMessage()).contains("creation flag");
  }

  @Test
  void guardianIndexAboveThreeIsRejected() {
    MutableBytes b = encodedMutable(Samples.all().get(3));
    b.set(22, (byte) 4);
    assertThat(rejects(b).getMessage()).contains("guardianIndex");
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void highSSignatureIsRejected(Transaction tx) {
    if (tx instanceof Transaction.FinaliseRecovery) {
      return;
    }
    MutableBytes b = encodedMutable(tx);
    int sOff = b.size() - 33;
    BigInteger s = new BigInteger(1, b.slice(sOff, 32).toArrayUnsafe());
    b.set(sOff, Bytes.wrap(fixed32(Secp256k1.N.subtract(s))));
    b.set(b.size() - 1, (byte) (b.get(b.size() - 1) == 27 ? 28 : 27));
    assertThat(rejects(b).getMessage()).contains("high-s");
  }

  @Test
  void signatureWithBadVOrZeroRIsRejected() {
    Transaction tx = Samples.all().get(5);
    MutableBytes b = encodedMutable(tx);
    b.set(b.size() - 1, (byte) 1);
    assertThat(rejects(b).getMessage()).contains("v must be 27 or 28");
    MutableBytes z = encodedMutable(tx);
    z.set(z.size() - 65, Bytes.wrap(new byte[32]));
    assertThat(rejects(z).getMessage()).contains("r out of range");
  }

  @Test
  void transactionHashIsKeccakOfTheEncoding() {
    Transaction tx = Samples.all().get(0);
    assertThat(TxCodec.hash(tx))
        .isEqualTo(io.keystore.state.crypto.Keccak256.hash(TxCodec.encode(tx)));
  }

  @Test
  void configEncodingLengthsAreTheSpecifiedOnes() {
    assertThat(TxCodec.encodeConfig(Samples.configs().get(0)).size()).isEqualTo(385);
    assertThat(TxCodec.encodeConfig(Samples.configs().get(2)).size()).isEqualTo(768);
  }

  @Test
  void thePendingRecoveryHasOneVotesByteApprovalsLowVetoesHigh() throws DecodingException {
    AccountConfig c = Samples.configs().get(2);
    PendingRecovery pr = c.pendingRecovery().orElseThrow();
    Bytes b = TxCodec.encodeConfig(c);
    // version, settings (owner 65, guardian set 1 + 8 + 4·65, rules 32), nonce, epoch, flag, key
    int at = 1 + 65 + 1 + 8 + 4 * 65 + 32 + 8 + 8 + 1 + 65;
    assertThat(b.get(at - 66)).isEqualTo((byte) 1);
    assertThat(b.get(at) & 0xff).isEqualTo(pr.approvals() | pr.vetoes() << 4).isEqualTo(0x25);
    for (int votes : new int[] {0, 0x0f, 0xf0, 0xff}) {
      Bytes changed = Bytes.wrap(b.toArray());
      byte[] raw = changed.toArray();
      raw[at] = (byte) votes;
      PendingRecovery decoded =
          TxCodec.decodeConfig(Bytes.wrap(raw)).pendingRecovery().orElseThrow();
      assertThat(decoded.approvals()).isEqualTo(votes & 0x0f);
      assertThat(decoded.vetoes()).isEqualTo(votes >> 4);
      assertThat(decoded.votes()).isEqualTo(votes);
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void configEncodingRoundTrips(AccountConfig c) throws DecodingException {
    Bytes b = TxCodec.encodeConfig(c);
    assertThat(TxCodec.decodeConfig(b)).isEqualTo(c);
    assertThatThrownBy(() -> TxCodec.decodeConfig(Bytes.concatenate(b, Bytes.of(0))))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(() -> TxCodec.decodeConfig(b.slice(0, b.size() - 1)))
        .isInstanceOf(DecodingException.class);
  }

  static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }
}
