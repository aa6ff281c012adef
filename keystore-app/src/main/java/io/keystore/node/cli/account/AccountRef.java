package io.keystore.node.cli.account;

import io.keystore.state.account.AccountCreation;
import io.keystore.state.crypto.Address;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which account: its address, or its account file (which the first transaction needs). */
final class AccountRef {

  @Option(names = "--account", paramLabel = "ADDRESS", description = "The account's address.")
  String address;

  @Option(
      names = "--account-file",
      paramLabel = "FILE",
      description =
          "The account file `account create --out` wrote; required while the account is not in the keystore yet.")
  Path file;

  Optional<AccountCreation> creation() {
    return Optional.ofNullable(file).map(AccountFile::read);
  }

  /**
   * The address, from --account or the account file (which must agree).
   *
   * @throws IllegalArgumentException if neither is given or they disagree
   */
  Address address(Optional<AccountCreation> creation) {
    Optional<Address> given = Optional.ofNullable(address).map(Address::fromHex);
    if (given.isPresent()
        && creation.isPresent()
        && !given.get().equals(creation.get().address())) {
      throw new IllegalArgumentException(
          "--account "
              + given.get()
              + " is not the account of "
              + file
              + " ("
              + creation.get().address()
              + ")");
    }
    return given
        .or(() -> creation.map(AccountCreation::address))
        .orElseThrow(
            () -> new IllegalArgumentException("give --account ADDRESS or --account-file FILE"));
  }
}
