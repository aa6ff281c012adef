// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreRollup} from "../../src/KeystoreRollup.sol";

/// @notice ./bench l1 (BENCH_BATCH16=1): a KeystoreRollup whose starting point the owner can set,
///         so that the 16-slot batch of the vectors is submitted without the 15 before it.
contract KeystoreRollupHarness is KeystoreRollup {
    constructor(address owner_, bytes32 genesisRoot, uint64 basedTimeout_, uint64 forceDeadline_)
        KeystoreRollup(owner_, genesisRoot, basedTimeout_, forceDeadline_)
    {}

    function setStart(bytes32 root, uint64 leaves) external onlyOwner {
        latestRoot = root;
        leafCount = leaves;
    }
}
