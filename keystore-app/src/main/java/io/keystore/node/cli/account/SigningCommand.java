package io.keystore.node.cli.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.sdk.AccountState;
import io.keystore.sdk.ExternalSignatures;
import io.keystore.sdk.Keys;
import io.keystore.sdk.KeystoreClient;
import io.keystore.sdk.KeystoreTransactions;
import io.keystore.sdk.UnsignedTransaction;
import io.keystore.state.crypto.PublicKey;
import io.keystore.state.crypto.SigningKey;
import io.keystore.state.crypto.TxSignature;
import io.keystore.state.tx.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that builds a signed transaction, whatever the signer's key scheme: signed with the
 * configured key (secp256k1 or P-256), or, for an external signer (a wallet, an HSM, a passkey),
 * written out as a signing request (EIP-712 typed data, its digest and, for a passkey, the WebAuthn
 * challenge: {@code --typed-data-out FILE}, or {@code --typed-data} on stdout) and sent later with
 * the signer's answer ({@code --signature-in FILE} or {@code --signature}).
 */
abstract class SigningCommand extends TxCommand {

  @Mixin KeyOptions keys;

  @Option(
      names = "--typed-data",
      description =
          "Print the EIP-712 typed data to sign (eth_signTypedData_v4) and what its hashes stand for; send nothing.")
  boolean typedData;

  @Option(
      names = "--typed-data-out",
      paramLabel = "FILE",
      description =
          "Write the signing request to FILE and send nothing: the EIP-712 typed data (eth_signTypedData_v4), its digest, the signer's key and scheme, the WebAuthn challenge for a passkey, what the hashes stand for. Then run the same command with --signature-in.")
  Path typedDataOut;

  @Option(
      names = "--signature",
      paramLabel = "SIGNATURE",
      description =
          "Send with this signature instead of a key: 65 bytes r ‖ s ‖ v hex (secp256k1, a wallet's answer to --typed-data), 64 bytes r ‖ s hex (P-256, low s), or JSON as --signature-in takes it.")
  String signature;

  @Option(
      names = "--signature-in",
      paramLabel = "FILE",
      description =
          "Send with the signature in FILE, of the signer's scheme: secp256k1 r ‖ s ‖ v hex; P-256 r ‖ s hex (low s), DER (hex or binary) or {\"scheme\": 2, \"r\", \"s\"}; a passkey's assertion as navigator.credentials.get returns it (PublicKeyCredential.toJSON(): base64url authenticatorData, clientDataJSON, DER signature).")
  Path signatureIn;

  /** Checks the command's own options before the node is asked anything (throws usage errors). */
  void validate() {}

  /** The unsigned transaction for the account. */
  abstract UnsignedTransaction build(KeystoreTransactions txs, AccountState account);

  /** The configured key, if any (some commands read the signer's public key from it). */
  Optional<SigningKey> configuredKey() {
    return keys.key(spec);
  }

  @Override
  final int execute() throws IOException {
    boolean request = typedData || typedDataOut != null;
    if (signature != null && signatureIn != null) {
      throw usage("give --signature or --signature-in, not both");
    }
    if (request && (signature != null || signatureIn != null)) {
      throw usage(
          "give --typed-data or --typed-data-out (to write what to sign) or --signature or"
              + " --signature-in (to send it), not both");
    }
    Optional<TxSignature> external = externalSignature();
    validate();
    KeystoreClient client = client();
    AccountState account = accountState(client);
    UnsignedTransaction u = build(new KeystoreTransactions(client.domain()), account);
    if (request) {
      if (typedDataOut != null) {
        writeRequest(u);
      }
      if (typedData) {
        printTypedData(u);
      }
      return ExitCodes.OK;
    }
    Transaction tx =
        external.isPresent() ? u.withSignature(external.get()) : u.sign(requireKey(u.signer()));
    return sendAndReport(client, tx, u.notes());
  }

  private SigningKey requireKey(PublicKey signer) {
    return keys.key(spec)
        .orElseThrow(
            () ->
                usage(
                    signer.scheme() == PublicKey.SCHEME_WEBAUTHN
                        ? "this transaction is signed by "
                            + Keys.describe(signer)
                            + ", a passkey: write the signing request with --typed-data-out FILE,"
                            + " have the passkey sign its challenge, then run the same command with"
                            + " --signature-in ASSERTION.json"
                        : "this command signs for "
                            + Keys.describe(signer)
                            + ": give --key-file FILE, set KEYSTORE_KEY, or (devnets) --dev-key"
                            + " LABEL; or sign elsewhere: --typed-data-out FILE, then"
                            + " --signature-in FILE"));
  }

  private Optional<TxSignature> externalSignature() {
    try {
      if (signature != null) {
        return Optional.of(ExternalSignatures.parse(signature));
      }
      if (signatureIn != null) {
        byte[] content;
        try {
          content = Files.readAllBytes(signatureIn);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "cannot read the signature file " + signatureIn + ": " + e.getMessage(), e);
        }
        return Optional.of(
            PrivateKeys.isText(content)
                ? ExternalSignatures.parse(new String(content, StandardCharsets.US_ASCII))
                : ExternalSignatures.fromBytes(Bytes.wrap(content)));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (signature != null ? "--signature: " : "signature file " + signatureIn + ": ")
              + e.getMessage(),
          e);
    }
    return Optional.empty();
  }

  private void writeRequest(UnsignedTransaction u) throws IOException {
    ObjectNode request = u.signingRequest();
    Files.writeString(typedDataOut, request.toPrettyString() + "\n", StandardCharsets.UTF_8);
    if (json) {
      if (!typedData) {
        request.put("file", typedDataOut.toString());
        printJson(request);
      }
      return;
    }
    println("signing request  " + typedDataOut);
    println("transaction      " + u.type().jsonName() + " of account " + u.account());
    println(
        "signer           "
            + Keys.describe(u.signer())
            + " ("
            + Keys.schemeName(u.signer().scheme())
            + ", scheme "
            + u.signer().scheme()
            + ")");
    println("digest           " + u.digest().toHexString());
    if (u.signer().scheme() == PublicKey.SCHEME_WEBAUTHN) {
      println("challenge        " + u.webAuthnChallenge() + " (base64url of the digest)");
    }
    println("sign with        " + u.signingRequest().get("signWith").asText());
    u.notes().forEach(n -> println("note: " + n));
    println("then run the same command with --signature-in FILE (the signer's answer)");
  }

  private void printTypedData(UnsignedTransaction u) {
    if (json) {
      printJson(u.signingRequest());
      return;
    }
    printJson(u.typedData());
    err()
        .println(
            "sign the typed data above with "
                + Keys.describe(u.signer())
                + (u.signer().scheme() == PublicKey.SCHEME_SECP256K1
                    ? " (eth_signTypedData_v4), then run the same command with --signature 0x..."
                    : " ("
                        + u.signingRequest().get("signWith").asText()
                        + "), then run the same command with --signature-in FILE"));
    err()
        .println("digest: " + u.digest().toHexString() + "; the hashes stand for: " + u.preimage());
    u.notes().forEach(n -> err().println("note: " + n));
    err().flush();
  }
}
