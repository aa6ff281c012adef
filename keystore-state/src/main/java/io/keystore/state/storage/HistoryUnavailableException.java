package io.keystore.state.storage;

/**
 * A batch whose history is not kept: unknown, committed before history was kept, or pruned. Its
 * root may still be listed ({@code rootAt}), but no proof can be made against it. An {@link
 * IllegalArgumentException}, as the batch number is the caller's.
 */
public final class HistoryUnavailableException extends IllegalArgumentException {

  /** Why the history of a batch is unavailable. */
  public enum Reason {
    /** No such batch was committed. */
    UNKNOWN_BATCH,
    /** Committed before this database kept history (schema version 1). */
    BEFORE_HISTORY,
    /** Its history was dropped by pruning. */
    PRUNED
  }

  private final long batch;
  private final Reason reason;

  public HistoryUnavailableException(long batch, Reason reason, String message) {
    super(message);
    this.batch = batch;
    this.reason = reason;
  }

  /** The batch asked for. */
  public long batch() {
    return batch;
  }

  public Reason reason() {
    return reason;
  }
}
