import java.io.File;
import java.lang.reflect.Constructor;
import java.util.Arrays;

/**
 * Generates the web3j wrapper of every {@code <Contract>.abi} (with its {@code .bin}) in a
 * directory, in one JVM: {@code Web3jWrappers <inputs-dir> <out-dir> <package>}. The same
 * generator, with the same options, as {@code SolidityFunctionWrapperGenerator -a -b -o -p}
 * (Java types, no primitives, 20-byte addresses, the class named after the file), which exits
 * the JVM after one contract. Reflection only, so that it compiles without web3j's codegen
 * (tools/web3j/web3j-inputs.sh compiles it; the Maven execution web3j-wrappers runs it with
 * codegen among the plugin's dependencies).
 */
public final class Web3jWrappers {
  private Web3jWrappers() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: Web3jWrappers <inputs-dir> <out-dir> <package>");
    }
    File inputs = new File(args[0]);
    File out = new File(args[1]);
    String packageName = args[2];
    File[] abis = inputs.listFiles((dir, name) -> name.endsWith(".abi"));
    if (abis == null || abis.length == 0) {
      throw new IllegalStateException("no .abi files in " + inputs);
    }
    Arrays.sort(abis);
    Class<?> generator = Class.forName(
        "org.web3j.codegen.SolidityFunctionWrapperGenerator", true, Thread.currentThread().getContextClassLoader());
    Constructor<?> constructor = generator.getDeclaredConstructor(
        File.class, File.class, File.class, String.class, String.class, boolean.class, boolean.class, int.class);
    constructor.setAccessible(true);
    for (File abi : abis) {
      String contract = abi.getName().substring(0, abi.getName().length() - ".abi".length());
      File bin = new File(inputs, contract + ".bin");
      // (bin, abi, destination, contract name, package, Java types, primitives, address bytes)
      Object wrapper = constructor.newInstance(bin, abi, out, contract, packageName, true, false, 20);
      generator.getMethod("generate").invoke(wrapper);
    }
  }
}
