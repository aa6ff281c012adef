package io.keystore.node.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The node's write-ahead journal ({@code <data-dir>/node.journal}): the records whose loss would
 * lose an acknowledged transaction or fork the node from its own state, appended and forced to the
 * device ({@link FileChannel#force}) before the node acts on them. The H2 node database is written
 * after the journal; a commit H2 loses in a crash (H2's MVStore can come back without its last
 * commits after {@code kill -9}, see {@code NodeStoreKillTest}) is written again from the journal
 * when the store opens ({@link NodeStore#open}).
 *
 * <p>Format: a sequence of frames {@code length (u32) ‖ crc32c(payload) (u32) ‖ payload}; a payload
 * is a type byte and the record's fields (big-endian). Reading stops at the first frame that is
 * incomplete or fails its checksum (a write a crash cut short, never acknowledged) and cuts the
 * file there.
 *
 * <p>Appends are serialised; {@link #entries} is read once, when the store opens.
 */
final class NodeJournal implements AutoCloseable {

  /** A journaled fact. */
  sealed interface Entry {}

  /**
   * A transaction admitted as pending (acknowledged once this is on the device), with its account.
   */
  record Accepted(
      Bytes32 hash, int occurrence, Bytes raw, long receivedAt, Optional<TxAccount> account)
      implements Entry {}

  /** A stored transaction, named by hash and occurrence (row numbers are H2's, not durable). */
  record TxRef(Bytes32 hash, int occurrence) {}

  /** A batch planned: what it applies, in order, at which time, on which state batch. */
  record Planned(
      long id,
      long time,
      long stateBase,
      int slots,
      List<StoredForcedTx> forced,
      List<TxRef> txs,
      long now)
      implements Entry {}

  /** An L1 transaction about to be sent for a batch (nonce, gas price, hash). */
  record Attempt(long id, long nonce, BigInteger gasPrice, Bytes32 txHash, long now)
      implements Entry {}

  private static final byte ACCEPTED = 1;
  private static final byte PLANNED = 2;
  private static final byte ATTEMPT = 3;
  private static final int MAX_FRAME = 64 * 1024 * 1024;

  private final Path file;
  private final FileChannel channel;

  private NodeJournal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens (creating if needed) the journal; {@link #entries} reads what it holds. */
  static NodeJournal open(Path file) {
    try {
      boolean created = !java.nio.file.Files.exists(file);
      NodeJournal journal =
          new NodeJournal(
              file,
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE));
      if (created) {
        syncDirectory(file.toAbsolutePath().getParent());
      }
      return journal;
    } catch (IOException e) {
      throw new StorageFailure("cannot open the journal " + file, e);
    }
  }

  /** The complete entries in order; cuts a torn last frame off the file. */
  List<Entry> entries() {
    try {
      List<Entry> out = new ArrayList<>();
      long size = channel.size();
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(8);
      while (position + 8 <= size) {
        header.clear();
        channel.read(header, position);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length <= 0 || length > MAX_FRAME || position + 8 + length > size) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        channel.read(payload, position + 8);
        if (checksum(payload.array()) != crc) {
          break;
        }
        out.add(decode(payload.array()));
        position += 8 + length;
      }
      if (position < size) {
        channel.truncate(position);
        channel.force(true);
      }
      channel.position(position);
      return out;
    } catch (IOException e) {
      throw new StorageFailure("cannot read the journal " + file, e);
    }
  }

  /** Appends the entries in one write and forces them to the device (a group commit). */
  synchronized void append(List<? extends Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try {
      ByteArrayOutputStream frames = new ByteArrayOutputStream();
      for (Entry e : entries) {
        byte[] payload = encode(e);
        ByteBuffer header = ByteBuffer.allocate(8).putInt(payload.length).putInt(checksum(payload));
        frames.write(header.array());
        frames.write(payload);
      }
      ByteBuffer buffer = ByteBuffer.wrap(frames.toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new StorageFailure("cannot append to the journal " + file, e);
    }
  }

  /** Empties the journal (its entries are safe elsewhere: in a cleanly closed database). */
  synchronized void reset() {
    try {
      channel.truncate(0);
      channel.position(0);
      channel.force(true);
    } catch (IOException e) {
      throw new StorageFailure("cannot reset the journal " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes a new file's directory entry durable (POSIX: an fsync of the directory). */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException unsupported) {
      // not every platform opens a directory as a channel; the entry is then the file system's to
      // keep
    }
  }

  private static int checksum(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  // ------------------------------------------------------------------ encoding

  private static byte[] encode(Entry entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    switch (entry) {
      case Accepted a -> {
        out.writeByte(ACCEPTED);
        out.write(a.hash().toArrayUnsafe());
        out.writeInt(a.occurrence());
        out.writeLong(a.receivedAt());
        writeBytes(out, a.raw());
        out.writeBoolean(a.account().isPresent());
        if (a.account().isPresent()) {
          writeBytes(out, a.account().get().address());
          out.writeBoolean(a.account().get().creates());
        }
      }
      case Planned p -> {
        out.writeByte(PLANNED);
        out.writeLong(p.id());
        out.writeLong(p.time());
        out.writeLong(p.stateBase());
        out.writeInt(p.slots());
        out.writeLong(p.now());
        out.writeInt(p.forced().size());
        for (StoredForcedTx f : p.forced()) {
          out.writeLong(f.queueIndex());
          out.write(f.hash().toArrayUnsafe());
          writeBytes(out, f.raw());
          writeBytes(out, f.signerKey());
          out.write(f.forceId().toArrayUnsafe());
          out.writeLong(f.queuedAt());
          out.writeLong(f.l1Block());
        }
        out.writeInt(p.txs().size());
        for (TxRef t : p.txs()) {
          out.write(t.hash().toArrayUnsafe());
          out.writeInt(t.occurrence());
        }
      }
      case Attempt a -> {
        out.writeByte(ATTEMPT);
        out.writeLong(a.id());
        out.writeLong(a.nonce());
        writeBytes(out, Bytes.wrap(a.gasPrice().toByteArray()));
        out.write(a.txHash().toArrayUnsafe());
        out.writeLong(a.now());
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static Entry decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
    byte type = in.readByte();
    return switch (type) {
      case ACCEPTED -> accepted(in);
      case PLANNED -> planned(in);
      case ATTEMPT ->
          new Attempt(
              in.readLong(),
              in.readLong(),
              new BigInteger(readBytes(in).toArrayUnsafe()),
              bytes32(in),
              in.readLong());
      default -> throw new EOFException("unknown journal entry type " + type);
    };
  }

  private static Accepted accepted(DataInputStream in) throws IOException {
    Bytes32 hash = bytes32(in);
    int occurrence = in.readInt();
    long receivedAt = in.readLong();
    Bytes raw = readBytes(in);
    Optional<TxAccount> account =
        in.readBoolean()
            ? Optional.of(new TxAccount(readBytes(in), in.readBoolean()))
            : Optional.empty();
    return new Accepted(hash, occurrence, raw, receivedAt, account);
  }

  private static Planned planned(DataInputStream in) throws IOException {
    long id = in.readLong();
    long time = in.readLong();
    long stateBase = in.readLong();
    int slots = in.readInt();
    long now = in.readLong();
    int forcedCount = in.readInt();
    List<StoredForcedTx> forced = new ArrayList<>();
    for (int i = 0; i < forcedCount; i++) {
      long queueIndex = in.readLong();
      Bytes32 hash = bytes32(in);
      Bytes raw = readBytes(in);
      Bytes signer = readBytes(in);
      Bytes32 forceId = bytes32(in);
      long queuedAt = in.readLong();
      long l1Block = in.readLong();
      forced.add(
          new StoredForcedTx(
              queueIndex,
              hash,
              raw,
              signer,
              forceId,
              queuedAt,
              l1Block,
              ForcedTxStatus.QUEUED,
              Optional.of(id),
              Optional.empty(),
              Optional.empty()));
    }
    int txCount = in.readInt();
    List<TxRef> txs = new ArrayList<>();
    for (int i = 0; i < txCount; i++) {
      txs.add(new TxRef(bytes32(in), in.readInt()));
    }
    return new Planned(id, time, stateBase, slots, forced, txs, now);
  }

  private static void writeBytes(DataOutputStream out, Bytes b) throws IOException {
    out.writeInt(b.size());
    out.write(b.toArrayUnsafe());
  }

  private static Bytes readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_FRAME) {
      throw new EOFException("bad length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return Bytes.wrap(b);
  }

  private static Bytes32 bytes32(DataInputStream in) throws IOException {
    byte[] b = new byte[32];
    in.readFully(b);
    return Bytes32.wrap(b);
  }
}
