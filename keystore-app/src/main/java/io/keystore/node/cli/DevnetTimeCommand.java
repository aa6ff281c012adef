package io.keystore.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystore.devtools.DevDefaults;
import io.keystore.node.cli.account.ExitCodes;
import io.keystore.node.devnet.DevnetClock;
import io.keystore.node.devnet.DevnetClock.BlockTime;
import io.keystore.node.devnet.DevnetClock.Chain;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keystore-node devnet-time ...}: the devnet's clocks, L1's and L2's moved together. */
@Command(
    name = "devnet-time",
    mixinStandardHelpOptions = true,
    subcommands = {DevnetTimeCommand.Advance.class, DevnetTimeCommand.Show.class},
    footer = DevnetTimeCommand.FOOTER,
    description =
        "The devnet's time travel: 'advance SECONDS' moves both anvils' clocks (L1 then L2) by the same amount, so"
            + " the L2 keeps L1's time; 'show' prints both chains' latest block times. Refuses any chain that is not the"
            + " devnet's anvil (chain ids 31337 and 31338).")
public final class DevnetTimeCommand implements Runnable {

  static final String FOOTER =
      "%nExit codes: 0 done, 2 bad arguments, 3 chain unreachable or a call refused, 4 not an anvil dev chain (nothing moved).";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a devnet-time command: advance or show");
  }

  /** The chains' URLs, the output format, and the mapping of failures to exit codes. */
  abstract static class Base implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--l1-rpc",
        paramLabel = "URL",
        defaultValue = "http://127.0.0.1:8545",
        description =
            "The devnet's L1 anvil, chain 31337 (default: ${DEFAULT-VALUE}; env KEYSTORE_L1_RPC).")
    String l1Rpc;

    @Option(
        names = "--l2-rpc",
        paramLabel = "URL",
        defaultValue = "http://127.0.0.1:8546",
        description =
            "The devnet's L2 anvil, chain 31338 (default: ${DEFAULT-VALUE}; env KEYSTORE_L2_RPC).")
    String l2Rpc;

    @Option(names = "--json", description = "Print JSON instead of text for people.")
    boolean json;

    abstract int execute(DevnetClock clock) throws IOException, DevnetClock.NotADevChainException;

    @Override
    public final Integer call() {
      try (DevnetClock clock =
          new DevnetClock(
              List.of(
                  new Chain("L1", l1Rpc, DevDefaults.L1_CHAIN_ID),
                  new Chain("L2", l2Rpc, DevDefaults.L2_CHAIN_ID)))) {
        return execute(clock);
      } catch (IllegalArgumentException e) {
        return fail(ExitCodes.USAGE, e.getMessage());
      } catch (DevnetClock.NotADevChainException e) {
        return fail(ExitCodes.REFUSED, e.getMessage());
      } catch (IOException e) {
        return fail(ExitCodes.UNREACHABLE, e.getMessage());
      }
    }

    /**
     * Prints the chains' latest blocks; after a move of {@code seconds} (0: none), also how far
     * each latest block's time moved ({@code moved}).
     */
    void print(List<BlockTime> times, long seconds, long[] moved) {
      long skew = times.get(times.size() - 1).timestamp() - times.get(0).timestamp();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        if (seconds > 0) {
          o.put("seconds", seconds);
        }
        ArrayNode chains = o.putArray("chains");
        for (int i = 0; i < times.size(); i++) {
          BlockTime t = times.get(i);
          ObjectNode c =
              chains
                  .addObject()
                  .put("name", t.chain().name())
                  .put("url", t.chain().url())
                  .put("chainId", t.chain().chainId())
                  .put("block", t.number())
                  .put("time", t.timestamp());
          if (moved != null) {
            c.put("advancedBy", moved[i]);
          }
        }
        o.put("l2MinusL1Seconds", skew);
        out.println(o.toPrettyString());
      } else {
        if (seconds > 0) {
          out.printf(
              "moved the clocks of %s forward by %d s%n",
              String.join(" and ", times.stream().map(t -> t.chain().name()).toList()), seconds);
        }
        for (int i = 0; i < times.size(); i++) {
          BlockTime t = times.get(i);
          out.printf(
              "%s  chain %d  %s  block %d  time %d (%s)%s%n",
              t.chain().name(),
              t.chain().chainId(),
              t.chain().url(),
              t.number(),
              t.timestamp(),
              Instant.ofEpochSecond(t.timestamp()),
              moved == null ? "" : "  latest block time +" + moved[i] + " s");
        }
        out.printf("L2 time - L1 time: %+d s%n", skew);
      }
      out.flush();
    }

    private int fail(int code, String message) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + message);
      err.flush();
      if (json) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putObject("error").put("exitCode", code).put("message", message);
        spec.commandLine().getOut().println(o.toPrettyString());
        spec.commandLine().getOut().flush();
      }
      return code;
    }
  }

  @Command(
      name = "advance",
      mixinStandardHelpOptions = true,
      footer = FOOTER,
      description =
          "Moves the L1 anvil's clock, then the L2 anvil's, forward by SECONDS (evm_increaseTime, then evm_mine on"
              + " each), and prints both chains' new latest blocks. The node follows L1's time within a second; the relayer"
              + " carries it to L2's DevL1Block and root oracle.")
  static final class Advance extends Base {

    @Parameters(
        paramLabel = "SECONDS",
        description = "How far to move both clocks (1 to 315360000).")
    long seconds;

    @Override
    int execute(DevnetClock clock) throws IOException, DevnetClock.NotADevChainException {
      if (seconds < 1 || seconds > DevnetClock.MAX_SECONDS) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "SECONDS must be between 1 and " + DevnetClock.MAX_SECONDS + ", got " + seconds);
      }
      List<DevnetClock.Move> moves = clock.advance(seconds);
      print(
          moves.stream().map(DevnetClock.Move::after).toList(),
          seconds,
          moves.stream().mapToLong(DevnetClock.Move::advancedBy).toArray());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      footer = FOOTER,
      description = "Prints the L1 and L2 anvils' latest blocks and their times (changes nothing).")
  static final class Show extends Base {

    @Override
    int execute(DevnetClock clock) throws IOException, DevnetClock.NotADevChainException {
      print(clock.latest(), 0, null);
      return ExitCodes.OK;
    }
  }
}
