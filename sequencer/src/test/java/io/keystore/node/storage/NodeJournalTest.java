package io.keystore.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeJournalTest {

  @TempDir Path dir;

  static final NodeJournal.Accepted ACCEPTED =
      new NodeJournal.Accepted(
          Bytes32.repeat((byte) 1),
          2,
          Bytes.fromHexString("0x0102ff"),
          1_700_000_000L,
          Optional.of(new TxAccount(Bytes.repeat((byte) 5, 20), true)));
  static final StoredForcedTx FORCED =
      new StoredForcedTx(
          7,
          Bytes32.repeat((byte) 3),
          Bytes.fromHexString("0x0104"),
          Bytes.repeat((byte) 9, 64),
          Bytes32.repeat((byte) 4),
          1_700_000_001L,
          55,
          ForcedTxStatus.QUEUED,
          Optional.of(5L),
          Optional.empty(),
          Optional.empty());
  static final NodeJournal.Planned PLANNED =
      new NodeJournal.Planned(
          5,
          1_700_000_002L,
          4,
          4,
          List.of(FORCED),
          List.of(new NodeJournal.TxRef(Bytes32.repeat((byte) 1), 2)),
          1_700_000_003L);
  static final NodeJournal.Attempt ATTEMPT =
      new NodeJournal.Attempt(
          5, 12, new BigInteger("1000000007"), Bytes32.repeat((byte) 6), 1_700_000_004L);

  @Test
  void everyEntryTypeReadsBackAsWritten() {
    Path file = dir.resolve("j");
    try (NodeJournal j = NodeJournal.open(file)) {
      j.append(List.of(ACCEPTED, PLANNED));
      j.append(List.of(ATTEMPT));
    }
    try (NodeJournal j = NodeJournal.open(file)) {
      assertThat(j.entries()).containsExactly(ACCEPTED, PLANNED, ATTEMPT);
    }
  }

  @Test
  void aFrameACrashCutShortIsDroppedAndCutOffTheFile() throws Exception {
    Path file = dir.resolve("j");
    try (NodeJournal j = NodeJournal.open(file)) {
      j.append(List.of(ACCEPTED));
    }
    long whole = Files.size(file);
    Files.write(
        file, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND); // a torn frame

    try (NodeJournal j = NodeJournal.open(file)) {
      assertThat(j.entries()).containsExactly(ACCEPTED);
      assertThat(Files.size(file)).isEqualTo(whole);
      j.append(List.of(ATTEMPT));
    }
    try (NodeJournal j = NodeJournal.open(file)) {
      assertThat(j.entries()).containsExactly(ACCEPTED, ATTEMPT);
    }
  }

  @Test
  void aFrameWhoseChecksumFailsEndsTheJournal() throws Exception {
    Path file = dir.resolve("j");
    try (NodeJournal j = NodeJournal.open(file)) {
      j.append(List.of(ACCEPTED, ATTEMPT));
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1; // the last frame's payload
    Files.write(file, bytes);

    try (NodeJournal j = NodeJournal.open(file)) {
      assertThat(j.entries()).containsExactly(ACCEPTED);
    }
  }

  @Test
  void aResetJournalIsEmpty() {
    Path file = dir.resolve("j");
    try (NodeJournal j = NodeJournal.open(file)) {
      j.append(List.of(ACCEPTED));
      j.reset();
    }
    try (NodeJournal j = NodeJournal.open(file)) {
      assertThat(j.entries()).isEmpty();
    }
  }
}
