// Reads a JSON ABI on stdin and writes it without the entries that have a tuple (struct)
// parameter or result, which web3j's wrapper generator cannot handle. Used by web3j-inputs.sh.
const fs = require("fs");
const abi = JSON.parse(fs.readFileSync(0, "utf8"));
const hasTuple = (params) => (params || []).some((p) => p.type.startsWith("tuple"));
process.stdout.write(JSON.stringify(abi.filter((e) => !hasTuple(e.inputs) && !hasTuple(e.outputs))));
