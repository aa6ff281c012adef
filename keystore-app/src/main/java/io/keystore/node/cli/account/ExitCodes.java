package io.keystore.node.cli.account;

/**
 * The exit codes of the account commands (shown in their help), shared by the node's other client
 * commands.
 */
public final class ExitCodes {

  public static final int OK = 0;

  /** Bad arguments or input files (picocli's own usage code). */
  public static final int USAGE = 2;

  /** The node cannot be reached, or answers out of protocol. */
  public static final int UNREACHABLE = 3;

  /** The node refused the request or rejected the transaction, or nothing is there to do. */
  public static final int REFUSED = 4;

  /** A proof did not verify. */
  public static final int UNVERIFIED = 5;

  /** A wait ran out of time. */
  public static final int TIMEOUT = 6;

  static final String FOOTER =
      "%nExit codes: 0 done, 2 bad arguments, 3 node unreachable, 4 refused or rejected,"
          + " 5 proof not verified, 6 wait timed out.";

  private ExitCodes() {}
}
