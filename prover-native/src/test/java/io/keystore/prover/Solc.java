package io.keystore.prover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;

/** The project's solc (tools/foundry/bin/solc, over solc-js) in standard-JSON mode. */
public final class Solc {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path executable;

  public Solc(Path executable) {
    this.executable = executable;
  }

  /** Compiles one source file and returns the creation bytecode of {@code contract}. */
  public Bytes compile(String fileName, String source, String contract)
      throws IOException, InterruptedException {
    ObjectNode input = JSON.createObjectNode();
    input.put("language", "Solidity");
    input.putObject("sources").putObject(fileName).put("content", source);
    ObjectNode settings = input.putObject("settings");
    settings.putObject("optimizer").put("enabled", true).put("runs", 200);
    settings.put("evmVersion", "prague");
    settings.putObject("outputSelection").putObject("*").putArray("*").add("evm.bytecode.object");

    Path in = Files.createTempFile("solc-input", ".json");
    try {
      JSON.writeValue(in.toFile(), input);
      Process solc =
          new ProcessBuilder(executable.toString(), "--standard-json")
              .redirectInput(in.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] out = solc.getInputStream().readAllBytes();
      if (!solc.waitFor(2, TimeUnit.MINUTES) || solc.exitValue() != 0) {
        throw new IOException("solc failed: " + new String(out, StandardCharsets.UTF_8));
      }
      JsonNode output = JSON.readTree(out);
      for (JsonNode error : output.path("errors")) {
        if ("error".equals(error.path("severity").asText())) {
          throw new IOException("solc: " + error.path("formattedMessage").asText());
        }
      }
      String object =
          output
              .path("contracts")
              .path(fileName)
              .path(contract)
              .path("evm")
              .path("bytecode")
              .path("object")
              .asText();
      if (object.isEmpty()) {
        throw new IOException("solc produced no bytecode for " + contract + ": " + output);
      }
      return Bytes.fromHexString(object);
    } finally {
      Files.deleteIfExists(in);
    }
  }
}
