package io.keystore.state.stf;

/** What an applied transaction did, for logs, the API and tests. */
public enum Effect {
  /** The account entered the tree from its counterfactual initial configuration. */
  ACCOUNT_CREATED,
  /** The owner key changed (UpdateConfig, at once). */
  OWNER_ROTATED,
  /** Guardians or rules changed at once (an account without guardians). */
  SETTINGS_APPLIED_AT_ONCE,
  /** A change of guardians or rules is now pending (replacing any earlier one). */
  UPDATE_PENDING,
  /** A pending update was withdrawn by an UpdateConfig that requests no change. */
  UPDATE_WITHDRAWN,
  /** A new recovery proposal started (replacing one under its threshold, if any). */
  RECOVERY_PROPOSED,
  /** A guardian approval was added. */
  RECOVERY_APPROVED,
  /** The recovery reached its threshold: its delay started. */
  RECOVERY_THRESHOLD_REACHED,
  /** A pending update was dropped because a recovery reached its threshold. */
  PENDING_UPDATE_DROPPED,
  /**
   * A guardian vetoed the recovery at its threshold (an ApproveRecovery of the veto key): the owner
   * may now cancel it.
   */
  RECOVERY_VETOED,
  /** The owner cancelled the pending recovery (after a guardian's veto). */
  RECOVERY_CANCELLED,
  /** The recovery was finalised: the proposed owner is the owner. */
  RECOVERY_FINALISED,
  /** A pending update came due and was applied. */
  PENDING_UPDATE_APPLIED,
  /** A pending recovery under its threshold was discarded as the guardian set was updated. */
  PENDING_RECOVERY_DISCARDED
}
